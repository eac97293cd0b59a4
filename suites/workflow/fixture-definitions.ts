import type { JsonObject } from '../../harness/support/json.js';
import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { attachEvidence } from '../../harness/verdicts/evidence.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

interface Fetched {
  workflowId: string;
  workflow: JsonObject | undefined;
  error: RpcError | undefined;
}

/**
 * Each advertised fixture, fetched once with GetWorkflow (the transport validates each definition
 * and charges a malformed one to workflow.definition-schema-valid). An engine error is returned;
 * an answer that says nothing about the engine (unreachable, rate-limited, the suite's deadline,
 * the user's credentials) blocks the check instead of counting as "not served".
 */
async function fetchEach(t: TestContext): Promise<Fetched[]> {
  const fetched: Fetched[] = [];
  for (const workflowId of advertisedFixtures(t.capabilities)) {
    try {
      // Fetched once per run and shared by the workflow checks (and validated by the transport once).
      const { workflow } = await t.once(`GetWorkflow:${workflowId}`, () => t.client.getWorkflow({ workflowId }));
      fetched.push({ workflowId, workflow, error: undefined });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      const uninformative = uninformativeReason(error);
      if (uninformative) throw new BlockedError(`GetWorkflow(${workflowId}): ${uninformative}`);
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
    // The transport holds each definition to workflow-definition.schema.json; this check makes sure
    // there is something to hold (an unserved fixture is advertised-fixtures-served's finding).
    const served = (await fetchEach(t)).filter((entry) => entry.workflow !== undefined);
    t.precondition(served.length > 0, 'GetWorkflow returned none of the advertised fixtures');
    t.assert.isAbove(served.length, 0, 'definitions fetched for validation');
  }),

  check('workflow.id-echoed', async (t: TestContext) => {
    const served = (await fetchEach(t)).filter((entry) => entry.workflow);
    t.precondition(served.length > 0, 'GetWorkflow returned none of the advertised fixtures');
    for (const { workflowId, workflow } of served) {
      // The definitions were fetched once for the run (t.once), so this check sent no call of its
      // own: the evidence (and the repro line) is the GetWorkflow that returned this definition.
      try {
        t.assert.strictEqual(workflow?.['id'], workflowId, `id of the definition returned for ${workflowId}`);
      } catch (error) {
        throw attachEvidence(error, { rpc: 'GetWorkflow', request: { workflowId } });
      }
    }
  }),
];
