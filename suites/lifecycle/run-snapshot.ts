import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { isJsonObject } from '../../harness/support/json.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

export const RUN_SNAPSHOT_CHECKS = [
  check('lifecycle.snapshot-schema-valid', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    // The validating transport holds the snapshot to run-snapshot.schema.json (wherever it is read).
    const snapshot = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
    t.assert.isTrue(isJsonObject(snapshot), 'GetRun returns a snapshot object');
  }),

  check('lifecycle.snapshot-echoes-ids', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    const snapshot = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
    t.assert.strictEqual(snapshot?.['runId'], runId, 'snapshot.runId');
    t.assert.strictEqual(snapshot?.['workflowId'], Fixture.noop, 'snapshot.workflowId');
  }),

  check('lifecycle.get-unknown-run-not-found', async (t: TestContext) => {
    // Control: GetRun works for a run that exists, so the refusal below is about the id.
    if (advertisedFixtures(t.capabilities).includes(Fixture.noop)) {
      const { runId } = await t.control(`CreateRun(${Fixture.noop})`, t.createRun({ workflowId: Fixture.noop }));
      t.precondition(runId, 'CreateRun returned no run id for the control call');
      const control = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop)).catch((error: unknown) => {
        throw new BlockedError(`control call failed: GetRun of an existing run: ${error instanceof Error ? error.message : String(error)}`);
      });
      t.precondition(control, 'control: GetRun of an existing run returned no snapshot');
    } else {
      t.warn(`${Fixture.noop} is not advertised, so no control call shows GetRun succeeding with these credentials`);
    }
    const unknown = t.unknownId('run-absent');
    await t.expectRpcError(t.client.getRun({ runId: unknown }), [{ code: 'NOT_FOUND', envelopeCodes: ['run_not_found', 'not_found'] }], `GetRun(${unknown})`);
  }),
];
