import { assert } from 'chai';
import { runConformance } from '../harness/runner/conformance-run.js';
import type { RunOptions } from '../harness/runner/conformance-run.js';
import { SchemaId } from '../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../harness/schemas/schema-registry.js';

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({ target: 'reference', only: [], requireBehavior: false, timeoutScale: 1, faults: [], ...overrides });

describe('a full run against the bundled reference engine', function () {
  this.timeout(60_000);

  it('passes every requirement with a schema-valid report that identifies the engine', async () => {
    const { report, exitCode } = await runConformance(options());
    const problems = report.results.filter((result) => result.disposition !== 'pass').map((result) => `${result.requirementId}: ${result.disposition}: ${result.reason}`);
    assert.deepEqual(problems, []);
    assert.strictEqual(exitCode, 0);
    assert.strictEqual(report.verdict, 'conformant');
    assert.isAtLeast(report.summary.pass, 30);
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    assert.match(report.capabilitiesSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.strictEqual(report.engine?.name, 'openwop-conformance-reference');
    for (const result of report.results) assert.isAbove(result.assertions, 0, `${result.requirementId} asserted something`);
  });

  it('skips what --only leaves out and names the selection', async () => {
    const { report } = await runConformance(options({ only: ['discovery.*'] }));
    const lifecycle = report.results.filter((result) => result.area === 'lifecycle');
    assert.isNotEmpty(lifecycle);
    for (const result of lifecycle) {
      assert.strictEqual(result.disposition, 'skipped');
      assert.include(result.reason ?? '', 'discovery.*');
    }
    assert.isTrue(report.results.filter((result) => result.area === 'discovery').every((result) => result.disposition === 'pass'));
  });

  it('fails the requirement a fault breaks, with expected, actual and a repro command', async () => {
    const { report, exitCode } = await runConformance(options({ faults: ['cancel-ignored'], only: ['lifecycle.cancel-*'] }));
    assert.strictEqual(exitCode, 1);
    const failed = report.results.find((result) => result.requirementId === 'lifecycle.cancel-running-accepted');
    assert.strictEqual(failed?.disposition, 'fail');
    assert.isString(failed?.expected);
    assert.isString(failed?.actual);
    // The run's engine is gone by the time a user reads this: the line restarts it with the fault first.
    assert.match(failed?.repro ?? '', /^node \S+openwop-conformance\.js engine --port 50051 --token openwop-repro --fault cancel-ignored & sleep 2; grpcurl -plaintext .* 127\.0\.0\.1:50051 openwop\.v1\.Engine\/CancelRun; kill %1$/);
    assert.match(failed?.repro ?? '', / -import-path \/\S+\/proto /, 'the proto by absolute path, runnable from any directory');
  });
});
