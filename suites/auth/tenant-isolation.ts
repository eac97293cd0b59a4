import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { AcceptedError } from '../../harness/runner/test-context.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { untilVisible } from '../../harness/waits/run-visibility.js';
import { Fixture } from '../fixture-ids.js';

/**
 * Tenant isolation (auth.md §Authorization 1–2; rest-endpoints.md §run_forbidden): a caller of
 * another tenant (--other-tenant-token) can neither read nor mutate the suite tenant's run, and
 * the refusal never reveals the run: 404 run_not_found / not_found or 403 run_forbidden / forbidden.
 * A control shows the other tenant's key works on its own run first, so a refusal is about tenancy.
 */

/** rest-endpoints.md: "403 run_forbidden or 404" — both keep the run hidden. */
const HIDDEN: readonly AcceptedError[] = [
  { code: 'NOT_FOUND', envelopeCodes: ['run_not_found', 'not_found'] },
  { code: 'PERMISSION_DENIED', envelopeCodes: ['run_forbidden', 'forbidden'] },
];

/** Reads a stream to its end, so a stream the engine serves resolves and a refused one rejects. */
async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _event of stream) count += 1;
  return count;
}

export const TENANT_ISOLATION_CHECKS = [
  check('auth.other-tenant-run-hidden', async (t: TestContext) => {
    const other = t.otherTenantToken;
    t.precondition(other !== undefined, 'no --other-tenant-token was given');
    // Control: the other tenant's key can create and read a run of its own.
    const own = await t.control("CreateRun conformance-noop with the other tenant's token", t.client.createRun({ workflowId: Fixture.noop }, { token: other }));
    // A run just created may be invisible for a moment (eventual consistency): NOT_FOUND is retried.
    const visible = t.deadlines.suite(5_000, 'the suite waits this long for a run just created to be readable');
    await t.control(
      "GetRun of the other tenant's own run with its token",
      untilVisible(
        own.runId,
        visible,
        () => t.client.getRun({ runId: own.runId }, { token: other }),
        (message) => t.warn(message),
      ),
    );

    const { runId } = await t.control('CreateRun conformance-delay with the suite token', t.createRun({ workflowId: Fixture.delay }));
    const deadlineMs = t.deadlines.fixtureCompletion(Fixture.delay).ms;
    const as = { token: other };
    await t.expectRpcError(t.client.getRun({ runId }, as), HIDDEN, `GetRun(${runId}) of the suite tenant's run with another tenant's token`);
    await t.expectRpcError(
      drain(t.client.streamRunEvents({ runId, lastSequence: -1 }, { ...as, deadlineMs })),
      HIDDEN,
      `StreamRunEvents(${runId}) of the suite tenant's run with another tenant's token`,
    );
    await t.expectRpcError(
      t.client.cancelRun({ runId, reason: 'conformance: cross-tenant cancel' }, as),
      HIDDEN,
      `CancelRun(${runId}) of the suite tenant's run with another tenant's token`,
    );
    // Not mutated: the run still ends as the fixture says, not cancelled.
    const outcome = await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(Fixture.delay), 'precondition');
    if (outcome.status === 'cancelled')
      t.fail(
        `run ${runId} ended cancelled after another tenant's CancelRun was refused: the cancel took effect`,
        'completed (the refused cancel changed nothing)',
        'cancelled',
      );
    t.assert.strictEqual(outcome.status, 'completed', `status of run ${runId} after another tenant's refused calls`);
  }),
];
