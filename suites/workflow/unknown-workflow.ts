import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

export const UNKNOWN_WORKFLOW_CHECKS = [
  check('workflow.unknown-id-not-found', async (t: TestContext) => {
    // Control: with the same credentials a known id is served, so a refusal below is about the id.
    const known = advertisedFixtures(t.capabilities)[0];
    if (known) {
      const { workflow } = await t.control(`GetWorkflow(${known})`, t.client.getWorkflow({ workflowId: known }));
      t.precondition(workflow, `control: GetWorkflow(${known}) returned no definition`);
    } else {
      t.warn('no fixture is advertised, so no control call shows GetWorkflow succeeding with these credentials');
    }
    // A well-formed id (matches ^[a-z][a-z0-9_-]*$) so validation_error is not a legitimate answer.
    const workflowId = t.unknownId('conformance-absent');
    await t.expectRpcError(
      t.client.getWorkflow({ workflowId }),
      [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'workflow_not_found'] }],
      `GetWorkflow(${workflowId})`,
    );
  }),
];
