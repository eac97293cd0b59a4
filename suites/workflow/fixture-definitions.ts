import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { WireSchemaViolation } from '../../harness/verdicts/outcome-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** Each advertised fixture, fetched with GetWorkflow; engine errors are returned, not thrown; schema issues are left to their owner. */
async function fetchEach(t: TestContext) {
  const fetched = [];
  for (const workflowId of advertisedFixtures(t.capabilities)) {
    try {
      const { workflow } = await t.client.getWorkflow({ workflowId });
      fetched.push({ workflowId, workflow, error: undefined });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      fetched.push({ workflowId, workflow: undefined, error });
    }
  }
  return fetched;
}

export const FIXTURE_DEFINITION_CHECKS = [
  check('workflow.advertised-fixtures-served', async (t: TestContext) => {
    const fetched = await fetchEach(t);
    const unserved = fetched.filter((entry) => entry.error).map((entry) => `${entry.workflowId} (${entry.error?.codeName})`);
    t.assertNone(unserved, 'advertised fixtures that GetWorkflow does not return', 'every advertised fixture served');
  }),

  check('workflow.definition-schema-valid', async (t: TestContext) => {
    const invalid: string[] = [];
    let validated = 0;
    for (const workflowId of advertisedFixtures(t.capabilities)) {
      try {
        await t.client.getWorkflow({ workflowId });
        validated += 1;
      } catch (error) {
        if (error instanceof WireSchemaViolation) invalid.push(error.message);
        else if (!(error instanceof RpcError)) throw error;
        // An unserved fixture is workflow.advertised-fixtures-served's finding, not this one's.
      }
    }
    t.precondition(validated + invalid.length > 0, 'GetWorkflow returned none of the advertised fixtures');
    t.assertNone(invalid, 'workflow definitions outside workflow-definition.schema.json', 'every definition valid');
  }),

  check('workflow.id-echoed', async (t: TestContext) => {
    const served = (await fetchEach(t)).filter((entry) => entry.workflow);
    t.precondition(served.length > 0, 'GetWorkflow returned none of the advertised fixtures');
    for (const { workflowId, workflow } of served) {
      t.assert.strictEqual(workflow?.['id'], workflowId, `id of the definition returned for ${workflowId}`);
    }
  }),
];
