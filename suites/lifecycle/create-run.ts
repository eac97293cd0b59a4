import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture, INITIAL_STATUSES, RUN_STATUSES } from '../fixture-ids.js';

export const CREATE_RUN_CHECKS = [
  check('lifecycle.create-run-accepted', async (t: TestContext) => {
    // The validating transport also holds the reply to create-run-response.schema.json.
    const { runId, status } = await t.createRun({ workflowId: Fixture.noop });
    t.assert.isString(runId, 'runId is a string');
    t.assert.isNotEmpty(runId, 'runId is not empty');
    t.assert.oneOf(status, [...RUN_STATUSES], 'status of a newly created run is a v1 run status');
  }),

  check('lifecycle.create-run-initial-status', async (t: TestContext) => {
    const { runId, status } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    t.assert.oneOf(status, [...INITIAL_STATUSES], 'status CreateRun answers for a run it has just accepted');
  }),

  check('lifecycle.run-ids-unique', async (t: TestContext) => {
    const first = await t.createRun({ workflowId: Fixture.noop });
    const second = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(first.runId && second.runId, 'CreateRun returned no run id');
    t.assert.notStrictEqual(second.runId, first.runId, 'the second run has its own id');
  }),

  check('lifecycle.created-run-readable', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    // Eventual consistency is allowed, but not past the bound within which the run must be seen completed.
    const snapshot = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.noop));
    t.assert.strictEqual(snapshot['runId'], runId, 'GetRun answers for the run CreateRun returned');
  }),

  check('lifecycle.create-unknown-workflow-rejected', async (t: TestContext) => {
    const workflowId = t.unknownId('conformance-absent');
    await t.expectRpcError(
      t.createRun({ workflowId }),
      [
        // rest-endpoints.md says 400 validation_error; the reference hosts say 404 workflow_not_found.
        { code: 'NOT_FOUND', envelopeCodes: ['workflow_not_found', 'not_found'] },
        { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] },
      ],
      `CreateRun(${workflowId})`,
    );
  }),
];
