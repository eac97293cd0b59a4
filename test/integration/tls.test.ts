import { assert } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import { runConformance } from '../../harness/runner/conformance-run.js';
import type { RunOptions, RunOutcome } from '../../harness/runner/conformance-run.js';
import { packagePath } from '../../harness/support/package-paths.js';
import { createGrpcEngineClient } from '../../harness/transport/grpc-engine-client.js';
import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';

/** Test-only PEM files (see test/fixtures/tls/README.md); the sources, since tsc copies no PEMs. */
const tlsFile = (name: string): string => packagePath('test', 'fixtures', 'tls', name);
const CA = tlsFile('ca.pem');
const OTHER_CA = tlsFile('other-ca.pem');
const SERVER_TLS = { certPath: tlsFile('server.pem'), keyPath: tlsFile('server-key.pem') };
const CLIENT_CERT = { certPath: tlsFile('client.pem'), keyPath: tlsFile('client-key.pem') };

const BIN = fileURLToPath(new URL('../../bin/openwop-conformance.js', import.meta.url));
/** Enough to connect, discover and run one workflow; the negative cases never get past connecting. */
const SHORT_RUN = ['discovery.*', 'lifecycle.noop-completes'];
const token = 'tls-test-token-5c1e';
const limitedToken = 'tls-test-limited-token-7a2b';
const otherTenantToken = 'tls-test-other-tenant-token-3d9f';

const run = (target: string, overrides: Partial<RunOptions> = {}): Promise<RunOutcome> =>
  runConformance({ target, token, limitedToken, otherTenantToken, only: [], requireBehavior: false, timeoutScale: 1, faults: [], ...overrides });

/** Requirements about REST alone do not apply when the engine is reached over gRPC. */
const restOnly = (id: string): boolean => REQUIREMENTS.get(id).transports?.includes('grpc') === false;
const problems = (outcome: RunOutcome): string[] =>
  outcome.report.results
    .filter((result) => result.disposition !== 'pass' && result.disposition !== 'skipped' && !restOnly(result.requirementId) && result.area !== 'parity')
    .map((result) => `${result.requirementId}: ${result.disposition}: ${result.reason}`);

function assertUnreachable(outcome: RunOutcome, url: string): void {
  assert.strictEqual(outcome.exitCode, 2);
  const error = outcome.report.connectionError;
  assert.isString(error);
  assert.notInclude(error ?? '', '\n', 'the connection error is one line');
  assert.include(error ?? '', url);
  for (const result of outcome.report.results) assert.strictEqual(result.disposition, 'blocked');
}

describe('TLS against the reference engine', function () {
  this.timeout(30_000);

  describe('server-authenticated TLS', () => {
    let engine: RunningReferenceEngine;
    before(async () => {
      engine = await startReferenceEngine({ tls: SERVER_TLS, token, limitedToken, otherTenantToken, allowLoopbackWebhooks: true });
    });
    after(async () => {
      await engine.stop();
    });

    it('names itself grpcs://localhost, the name its certificate carries', () => {
      assert.strictEqual(engine.url, `grpcs://localhost:${engine.port}`);
    });

    it('passes the whole suite over TLS when the test CA is trusted', async function () {
      // A safety bound for a whole run (162 checks, some with 10 s fixtures), never a speed target.
      this.timeout(180_000);
      const outcome = await run(engine.url, { caPath: CA, jobs: 8 });
      assert.deepEqual(problems(outcome), []);
      assert.strictEqual(outcome.exitCode, 0);
      assert.strictEqual(outcome.report.verdict, 'conformant');
      assert.isNull(outcome.report.connectionError);
      for (const result of outcome.report.results.filter(
        (entry) => (entry.disposition !== 'inapplicable' || !restOnly(entry.requirementId)) && entry.area !== 'parity',
      ))
        assert.strictEqual(result.disposition, 'pass', result.requirementId);
    });

    it('advertises tls required and its grpcs:// endpoint', async () => {
      // The report keeps only a digest of the discovery document, so read the block directly.
      const client = createGrpcEngineClient({ target: engine.url, caPath: CA, defaultDeadlineMs: 5_000 });
      try {
        const { capabilities } = await client.getCapabilities({});
        assert.deepInclude(capabilities?.['grpc'], { tls: 'required', endpoint: engine.url });
      } finally {
        client.close();
      }
    });

    it('cannot connect when only the system roots are trusted', async () => {
      assertUnreachable(await run(engine.url, { only: SHORT_RUN }), engine.url);
    });

    it('cannot connect when an unrelated CA is trusted', async () => {
      assertUnreachable(await run(engine.url, { caPath: OTHER_CA, only: SHORT_RUN }), engine.url);
    });
  });

  describe('mutual TLS', () => {
    let engine: RunningReferenceEngine;
    before(async () => {
      engine = await startReferenceEngine({ tls: { ...SERVER_TLS, clientCaPath: CA }, token, allowLoopbackWebhooks: true });
    });
    after(async () => {
      await engine.stop();
    });

    it('passes with a client certificate the engine trusts', async () => {
      const outcome = await run(engine.url, { caPath: CA, ...CLIENT_CERT, only: SHORT_RUN });
      assert.deepEqual(problems(outcome), []);
      assert.strictEqual(outcome.exitCode, 0);
      assert.strictEqual(outcome.report.verdict, 'conformant');
    });

    it('cannot connect without a client certificate', async () => {
      assertUnreachable(await run(engine.url, { caPath: CA, only: SHORT_RUN }), engine.url);
    });
  });

  describe('engine command', () => {
    it('rejects --tls-cert without --tls-key with one line and exit 2', async () => {
      const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, 'engine', '--port', '0', '--tls-cert', SERVER_TLS.certPath], (error, _stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
        });
      });
      assert.strictEqual(code, 2, stderr);
      assert.lengthOf(stderr.trim().split('\n'), 1, stderr);
      assert.include(stderr, '--tls-key');
    });
  });
});
