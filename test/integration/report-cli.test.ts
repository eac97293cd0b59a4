import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { validate as validateCtrf } from 'ctrf';
import type { ComplianceReport } from '../../harness/verdicts/results.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { PROFILES } from '../../reporters/profiles.js';

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));
const RENDERED = ['junit.xml', 'summary.md', 'report.html', 'badge.json', 'badge.svg', 'ctrf.json', 'certification-bundle.json'];
const schemas = sharedSchemaRegistry();

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  // GITHUB_ACTIONS is cleared so a CI runner's own environment never changes what the CLI prints.
  const childEnv = { ...process.env, OPENWOP_TOKEN: '', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const newDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'owc-report-cli-'));
const readJson = async (dir: string, file: string): Promise<unknown> => JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
const readText = (dir: string, file: string): Promise<string> => readFile(join(dir, file), 'utf8');

/** Every rendered format in the dir exists and validates: XML parses, JSON against its schema, CTRF by its reference package. */
async function assertRenderedFormatsValid(dir: string): Promise<void> {
  for (const file of RENDERED) assert.isTrue(existsSync(join(dir, file)), `${file} written`);
  assert.strictEqual(XMLValidator.validate(await readText(dir, 'junit.xml')), true);
  assert.strictEqual(XMLValidator.validate(await readText(dir, 'badge.svg')), true);
  assert.deepEqual(schemas.validate(SchemaId.shieldsEndpoint, await readJson(dir, 'badge.json')), []);
  assert.deepEqual(schemas.validate(SchemaId.certificationBundle, await readJson(dir, 'certification-bundle.json')), []);
  assert.isTrue(validateCtrf(await readJson(dir, 'ctrf.json')).valid);
  assert.match(await readText(dir, 'report.html'), /^<!doctype html>/);
}

/** report.json plus every rendered format, all valid. */
async function assertAllFormatsValid(dir: string): Promise<ComplianceReport> {
  const report = (await readJson(dir, 'report.json')) as ComplianceReport;
  assert.deepEqual(schemas.validate(SchemaId.complianceReport, report), []);
  await assertRenderedFormatsValid(dir);
  return report;
}

describe('report formats from the command line', function () {
  this.timeout(90_000);

  it('a clean run against the reference engine writes every format, valid, with a green core badge', async () => {
    const dir = await newDir();
    const run = await cli(['run', '--target', 'reference', '--report-dir', dir, '--require-profile', 'grpc-core']);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    const report = await assertAllFormatsValid(dir);
    const coreAreas = PROFILES.find((profile) => profile.id === 'grpc-core')?.areas ?? [];
    const must = report.results.filter((entry) => entry.level === 'MUST' && coreAreas.includes(entry.area)).length;
    assert.isAbove(must, 0);
    assert.deepInclude(await readJson(dir, 'badge.json'), { message: `core ${must}/${must}`, color: '#2ea44f' });
    assert.include(((await readJson(dir, 'certification-bundle.json')) as { claimedProfiles: string[] }).claimedProfiles, 'grpc-core');
    assert.include(run.stdout, 'Profile grpc-core: certified');
  });

  it('a run with a fault shows the failure in every format and exits 1', async () => {
    const dir = await newDir();
    const failing = 'lifecycle.cancel-running-accepted';
    const run = await cli(['run', '--target', 'reference', '--fault', 'cancel-ignored', '--only', 'lifecycle.cancel-*', '--report-dir', dir]);
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    const report = await assertAllFormatsValid(dir);
    assert.strictEqual(report.results.find((entry) => entry.requirementId === failing)?.disposition, 'fail');
    assert.match(await readText(dir, 'junit.xml'), new RegExp(`name="${failing}:[^"]*"[^>]*>\\s*<properties>[\\s\\S]*?</properties>\\s*<failure `));
    assert.include(await readText(dir, 'summary.md'), `\`${failing}\` [MUST] fail`);
    assert.include(await readText(dir, 'report.html'), `id="failure-${failing}"`);
    assert.strictEqual(((await readJson(dir, 'badge.json')) as { color: string }).color, '#e05d44');
    const ctrf = (await readJson(dir, 'ctrf.json')) as { results: { tests: { name: string; status: string }[] } };
    assert.strictEqual(ctrf.results.tests.find((test) => test.name.startsWith(failing))?.status, 'failed');
    const bundle = (await readJson(dir, 'certification-bundle.json')) as { results: { requirements: { requirementId: string; disposition: string }[] } };
    assert.strictEqual(bundle.results.requirements.find((entry) => entry.requirementId === failing)?.disposition, 'executed-fail');
  });

  it('a baseline covering the failures passes the run; the report, badge and re-rendered formats name it', async () => {
    const dir = await newDir();
    const baselinePath = join(dir, 'known-failures.json');
    const knownFailures = [
      { requirement: 'lifecycle.cancel-r*', reason: 'ENG-42 cancel ignored' },
      { requirement: 'lifecycle.cancelled-stays-cancelled', reason: 'ENG-42: cannot be exercised while cancel is ignored' },
    ];
    await writeFile(baselinePath, JSON.stringify({ knownFailures }));
    const run = await cli([
      'run',
      '--target',
      'reference',
      '--fault',
      'cancel-ignored',
      '--only',
      'lifecycle.cancel*',
      '--report-dir',
      join(dir, 'out'),
      '--baseline',
      baselinePath,
    ]);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    const report = (await readJson(join(dir, 'out'), 'report.json')) as ComplianceReport;
    assert.strictEqual(report.verdict, 'non-conformant', 'the verdict stays honest; only the exit code is excused');
    assert.deepEqual(report.baseline?.baselined, [
      'lifecycle.cancel-running-accepted',
      'lifecycle.cancel-reaches-cancelled',
      'lifecycle.cancelled-stays-cancelled',
    ]);
    assert.match(((await readJson(join(dir, 'out'), 'badge.json')) as { message: string }).message, / · 3 baselined$/);
    assert.include(await readText(join(dir, 'out'), 'summary.md'), report.baseline?.sha256 ?? 'missing');

    const rerendered = await cli(['report', join(dir, 'out', 'report.json'), '--report-dir', join(dir, 'again')]);
    assert.strictEqual(rerendered.code, 0, rerendered.stderr);
    await assertRenderedFormatsValid(join(dir, 'again'));
    assert.strictEqual(await readText(join(dir, 'again'), 'badge.json'), await readText(join(dir, 'out'), 'badge.json'));
    assert.strictEqual(await readText(join(dir, 'again'), 'summary.md'), await readText(join(dir, 'out'), 'summary.md'));
  });

  for (const [label, extra, mention] of [
    ['a missing baseline file', ['--baseline', '/nonexistent/known-failures.json'], '/nonexistent/known-failures.json'],
    ['an unknown profile', ['--require-profile', 'grpc-nope'], 'grpc-nope'],
  ] as const) {
    it(`rejects ${label} with one line and exit 2, and still writes the reports`, async () => {
      const dir = await newDir();
      const run = await cli(['run', '--target', 'reference', '--only', 'discovery.*', '--report-dir', dir, ...extra]);
      assert.strictEqual(run.code, 2, run.stdout + run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.lengthOf(lines, 1, run.stderr);
      assert.include(lines[0], mention);
      assert.notInclude(run.stderr, '    at ');
      await assertAllFormatsValid(dir);
    });
  }

  it('a baseline entry that now passes fails the run, naming it', async () => {
    const dir = await newDir();
    const baselinePath = join(dir, 'known-failures.json');
    await writeFile(baselinePath, JSON.stringify({ knownFailures: [{ requirement: 'discovery.served-without-token', reason: 'fixed since' }] }));
    const run = await cli(['run', '--target', 'reference', '--only', 'discovery.*', '--report-dir', dir, '--baseline', baselinePath]);
    assert.strictEqual(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /Gate: baseline .* lists requirements that now pass \(remove them\): discovery\.served-without-token/);
  });

  it('report rejects an unreadable or foreign file with one line and exit 2', async () => {
    const dir = await newDir();
    const missing = await cli(['report', join(dir, 'nope.json')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^openwop-conformance: cannot read .*nope\.json \(ENOENT\)\n$/);
    await writeFile(join(dir, 'other.json'), '{"hello":"world"}');
    const foreign = await cli(['report', join(dir, 'other.json')]);
    assert.strictEqual(foreign.code, 2);
    assert.match(foreign.stderr, /^openwop-conformance: .*other\.json is not a compliance report: .*\n$/);
  });

  it('in GitHub Actions appends the summary to the step summary and annotates the failures', async () => {
    const dir = await newDir();
    const stepSummary = join(dir, 'step-summary.md');
    await writeFile(stepSummary, '# earlier step\n');
    const run = await cli(['run', '--target', 'reference', '--fault', 'cancel-ignored', '--only', 'lifecycle.cancel-*', '--report-dir', join(dir, 'out')], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    assert.strictEqual(run.code, 1);
    const summary = await readFile(stepSummary, 'utf8');
    assert.match(summary, /^# earlier step\n## ❌ openwop conformance: NON-CONFORMANT/);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    assert.isAtLeast(annotations.length, 2);
    assert.isAtMost(annotations.length, 10);
    assert.isTrue(annotations.some((line) => line.startsWith('::error title=lifecycle.cancel-running-accepted [MUST] fail::')));
  });
});
