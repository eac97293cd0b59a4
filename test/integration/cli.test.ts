import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import type { ComplianceReport } from '../../harness/verdicts/results.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

function cli(args: string[]): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, OPENWOP_TOKEN: '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
}

const oneLine = (text: string): void => {
  const lines = text.trim().split('\n');
  assert.lengthOf(lines, 1, `expected one line, got:\n${text}`);
  assert.notInclude(text, '    at ', 'no stack trace');
};

describe('command line', function () {
  this.timeout(30_000);

  it('reports an unreachable engine in one line with exit 2, and still writes an all-blocked report', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'owc-cli-'));
    const result = await cli(['run', '--target', 'grpc://127.0.0.1:1', '--report-dir', reportDir]);
    assert.strictEqual(result.code, 2);
    oneLine(result.stderr);
    assert.include(result.stderr, 'grpc://127.0.0.1:1');
    // Not a timed test of speed: a generous ceiling that still proves the connect bound is applied.
    assert.isBelow(result.elapsedMs, 10_000);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as ComplianceReport;
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    assert.strictEqual(report.verdict, 'incomplete');
    assert.isNotNull(report.connectionError);
    assert.isAbove(report.results.length, 0);
    for (const entry of report.results) assert.strictEqual(entry.disposition, 'blocked');
  });

  for (const [label, args, mention] of [
    ['an unsupported URL scheme', ['run', '--target', 'http://127.0.0.1:9'], 'http://127.0.0.1:9'],
    ['a missing --target', ['run'], 'target'],
    ['an unknown fault', ['run', '--target', 'reference', '--fault', 'no-such-fault'], 'no-such-fault'],
    ['--fault against a real engine', ['run', '--target', 'grpc://127.0.0.1:9', '--fault', 'cancel-ignored'], '--fault'],
    ['an unknown command', ['frobnicate'], 'frobnicate'],
    ['an --only glob that matches nothing', ['run', '--target', 'reference', '--only', 'lifecycle.nope*'], 'lifecycle.nope*'],
    ['a non-positive --timeout-scale', ['run', '--target', 'reference', '--timeout-scale', '0'], 'timeout-scale'],
    ['a --timeout-scale that is not a number, echoed as given', ['run', '--target', 'reference', '--timeout-scale', 'abc'], '"abc"'],
    ['an absurd --timeout-scale (timers would overflow)', ['run', '--target', 'reference', '--timeout-scale', '1e9'], 'at most 100'],
    ['--only with no glob', ['run', '--target', 'reference', '--only'], '--only needs'],
    ['a gRPC target with an unknown scheme, naming every accepted form', ['run', '--target', 'foo://x'], 'reference'],
    ['a missing CA file', ['run', '--target', 'grpcs://127.0.0.1:9', '--ca', '/nonexistent/ca.pem'], '/nonexistent/ca.pem'],
  ] as const) {
    it(`rejects ${label} with one line and exit 2`, async () => {
      const result = await cli([...args]);
      assert.strictEqual(result.code, 2, result.stderr);
      oneLine(result.stderr);
      assert.include(result.stderr, mention);
    });
  }

  it('refuses a --report-dir that cannot be created (under /proc) at once, in one line, with exit 4', async () => {
    for (const command of ['run', 'selftest']) {
      const args =
        command === 'run'
          ? ['run', '--target', 'reference', '--report-dir', '/proc/nope/deeper']
          : ['selftest', '--fault', 'cancel-ignored', '--report-dir', '/proc/nope'];
      const result = await cli(args);
      assert.strictEqual(result.code, 4, result.stderr);
      oneLine(result.stderr);
      assert.include(result.stderr, 'cannot be written');
      // Not a speed test: Node's recursive mkdir never returns for this path, so any answer proves the fix.
      assert.isBelow(result.elapsedMs, 20_000);
    }
    const file = await cli(['run', '--target', 'reference', '--report-dir', fileURLToPath(import.meta.url)]);
    assert.strictEqual(file.code, 4, file.stderr);
    oneLine(file.stderr);
    assert.include(file.stderr, 'is a file');
  });

  it('lists the requirement registry as JSON and the fault catalogue as a table', async () => {
    const requirements = await cli(['requirements', '--json']);
    assert.strictEqual(requirements.code, 0);
    assert.lengthOf(JSON.parse(requirements.stdout) as unknown[], REQUIREMENTS.all.length);
    const faults = await cli(['faults']);
    assert.strictEqual(faults.code, 0);
    assert.match(faults.stdout, /\d+ faults, \d+ tolerated variants\n$/);
  });
});

describe('command line against a separately started engine', function () {
  this.timeout(60_000);
  const token = 'conformance-secret-token-7f3a';
  let engine: RunningReferenceEngine;

  before(async () => {
    engine = await startReferenceEngine({ token, allowLoopbackWebhooks: true });
  });
  after(async () => {
    await engine.stop();
  });

  it('passes with the right token and never writes the token into the report', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'owc-cli-'));
    const result = await cli(['run', '--target', engine.url, '--token', token, '--report-dir', reportDir, '--quiet']);
    assert.lengthOf(result.stdout.trim().split('\n'), 1, `--quiet prints the verdict line only:\n${result.stdout}`);
    assert.strictEqual(result.code, 0, result.stdout + result.stderr);
    const text = await readFile(join(reportDir, 'report.json'), 'utf8');
    assert.notInclude(text, token);
    assert.strictEqual((JSON.parse(text) as ComplianceReport).verdict, 'conformant');
  });

  it('says in one line that the credentials were refused instead of failing every requirement', async () => {
    const reportDir = await mkdtemp(join(tmpdir(), 'owc-cli-'));
    const result = await cli(['run', '--target', engine.url, '--token', 'wrong-token', '--report-dir', reportDir]);
    assert.strictEqual(result.code, 2);
    oneLine(result.stderr);
    assert.include(result.stderr, 'refused the credentials');
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as ComplianceReport;
    assert.strictEqual(report.summary.fail, 0, "no requirement is failed for the user's token");
    assert.strictEqual(report.summary.blocked, report.summary.total);
  });
});
