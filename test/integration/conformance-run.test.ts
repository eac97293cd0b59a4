import { assert } from 'chai';
import { REQUIREMENTS } from '../../harness/requirements/registry.js';
import { runConformance } from '../../harness/runner/conformance-run.js';
import type { RunOptions } from '../../harness/runner/conformance-run.js';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';

const restOnly = (id: string): boolean => REQUIREMENTS.get(id).transports?.includes('grpc') === false;
const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  target: 'reference',
  only: [],
  requireBehavior: false,
  timeoutScale: 1,
  faults: [],
  ...overrides,
});

describe('a full run against the bundled reference engine', function () {
  this.timeout(60_000);

  it('passes every requirement with a schema-valid report that identifies the engine', async () => {
    const { report, exitCode } = await runConformance(options());
    // `reference` is reached over gRPC and compared with its REST surface: only REST-only requirements are inapplicable.
    assert.deepEqual(report.target.peer, { url: report.target.peer?.url ?? '', surface: 'rest', source: 'reference' });
    const parity = report.results.filter((result) => result.area === 'parity');
    assert.isNotEmpty(parity);
    for (const result of parity) assert.strictEqual(result.transport, 'grpc+rest', result.requirementId);
    const problems = report.results
      .filter((result) => result.disposition !== 'pass' && !restOnly(result.requirementId))
      .map((result) => `${result.requirementId}: ${result.disposition}: ${result.reason}`);
    assert.deepEqual(problems, []);
    assert.strictEqual(exitCode, 0);
    assert.strictEqual(report.verdict, 'conformant');
    assert.strictEqual(report.summary.pass, REQUIREMENTS.all.filter((requirement) => !restOnly(requirement.id)).length);
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    assert.match(report.capabilitiesSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.strictEqual(report.engine?.name, 'openwop-conformance-reference');
    for (const result of report.results.filter((entry) => !restOnly(entry.requirementId)))
      assert.isAbove(result.assertions, 0, `${result.requirementId} asserted something`);
  });

  it('passes every requirement over REST + SSE as well (--target reference-rest), compared with its gRPC surface', async () => {
    const { report, exitCode } = await runConformance(options({ target: 'reference-rest' }));
    const grpcOnly = (id: string): boolean => REQUIREMENTS.get(id).transports?.includes('rest') === false;
    const problems = report.results
      .filter((result) => result.disposition !== 'pass' && !grpcOnly(result.requirementId))
      .map((result) => `${result.requirementId}: ${result.disposition}: ${result.reason}`);
    assert.deepEqual(problems, []);
    assert.strictEqual(exitCode, 0);
    assert.strictEqual(report.target.transport, 'rest');
    assert.strictEqual(report.target.peer?.surface, 'grpc');
    for (const result of report.results.filter((entry) => grpcOnly(entry.requirementId)))
      assert.include(result.reason ?? '', 'about the grpc transport', result.requirementId);
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
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

  it('calls an engine that lists no fixtures incomplete, exit 1, naming what to provide', async () => {
    const { report, exitCode } = await runConformance(options({ faults: ['caps-no-fixtures'] }));
    assert.strictEqual(report.verdict, 'incomplete');
    assert.strictEqual(exitCode, 1);
    assert.strictEqual(report.summary.fail, 0);
    assert.isTrue(report.incompleteCauses.some((cause) => cause.startsWith('preload conformance-noop and list it in fixtures[]')));
    assert.isTrue(report.incompleteCauses.some((cause) => cause.startsWith('preload conformance-cancellable')));
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
  });

  it('charges a schema finding to its owner even when the owner is gated out', async () => {
    const { report, exitCode } = await runConformance(options({ faults: ['noop-unlisted-broken-replies'] }));
    assert.strictEqual(exitCode, 1);
    assert.strictEqual(report.verdict, 'non-conformant');
    const owner = report.results.find((result) => result.requirementId === 'lifecycle.snapshot-schema-valid');
    assert.strictEqual(owner?.disposition, 'fail');
    assert.include(owner?.reason ?? '', "must have required property 'workflowId'");
    assert.include(owner?.reason ?? '', 'it was inapplicable');
  });

  it('keeps a multi-node check going on the shipped graph when GetWorkflow hides the fixture', async () => {
    const { report } = await runConformance(
      options({ faults: ['workflow-fixture-unserved'], only: ['lifecycle.multi-node-order', 'workflow.advertised-fixtures-served'] }),
    );
    const order = report.results.find((result) => result.requirementId === 'lifecycle.multi-node-order');
    assert.strictEqual(order?.disposition, 'pass');
    assert.isTrue(order?.warnings.some((warning) => warning.includes('used the graph fixtures.md fixes')));
    assert.strictEqual(report.results.find((result) => result.requirementId === 'workflow.advertised-fixtures-served')?.disposition, 'fail');
  });

  it("gives the repro line of the call the finding is about, not the check's last call", async () => {
    const { report } = await runConformance(options({ faults: ['cancel-unknown-run-ok'], only: ['lifecycle.cancel-unknown-run-not-found'] }));
    const failed = report.results.find((result) => result.requirementId === 'lifecycle.cancel-unknown-run-not-found');
    assert.strictEqual(failed?.disposition, 'fail');
    // With --target reference the line restarts the engine first and stops it after (repro.ts).
    assert.match(
      failed?.repro ?? '',
      /call --target \S+ --token openwop-repro CancelRun '\{"runId":"run-absent-[^']*'; kill %1 .*run-absent-.*openwop\.v1\.Engine\/CancelRun$/,
    );
  });

  it('fails the requirement a fault breaks, with expected, actual and a repro command', async () => {
    const { report, exitCode } = await runConformance(options({ faults: ['cancel-ignored'], only: ['lifecycle.cancel-*'] }));
    assert.strictEqual(exitCode, 1);
    const failed = report.results.find((result) => result.requirementId === 'lifecycle.cancel-running-accepted');
    assert.strictEqual(failed?.disposition, 'fail');
    assert.isString(failed?.expected);
    assert.isString(failed?.actual);
    // The run's engine is gone by the time a user reads this: the line restarts it with the fault first.
    assert.match(
      failed?.repro ?? '',
      /^node \S+openwop-conformance\.js engine --port 50051 --token openwop-repro --fault cancel-ignored & sleep 2; node \S+openwop-conformance\.js call --target grpc:\/\/127\.0\.0\.1:50051 --token openwop-repro CancelRun '.*'; kill %1 {2}# or, with grpcurl installed \(not bundled with the suite\): grpcurl -plaintext .* 127\.0\.0\.1:50051 openwop\.v1\.Engine\/CancelRun$/,
    );
    assert.match(failed?.repro ?? '', / -import-path \/\S+\/proto /, 'the proto by absolute path, runnable from any directory');
  });
});
