import { readPath } from '../../harness/support/json.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { envelopeDetails } from '../stream/stream-reading.js';
import { runningCancellable } from './cancel-run.js';

/**
 * Bulk-cancel limits and re-issue (rest-endpoints.md §POST /v1/runs:bulk-cancel): the host cap
 * ("REQUIRED upper bound … RECOMMENDED 100; requests exceeding the cap MUST return 400
 * validation_error with details.maxRunIds") and natural idempotency ("already-cancelled runs return
 * ok: true, status: 'cancelled'").
 */

/** The same sentence gives "1..100 entries" and a host-defined cap: 100 is where the suite probes when none is advertised. */
const RECOMMENDED_CAP = 100;

/** The advertised cap (runs.bulkCancel.maxRunIds at the root, or under the legacy capabilities wrapper), if a positive integer. */
function advertisedCap(t: TestContext): number | undefined {
  const value = readPath(t.capabilities, 'runs.bulkCancel.maxRunIds') ?? readPath(t.capabilities, 'capabilities.runs.bulkCancel.maxRunIds');
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

export const BULK_CANCEL_LIMIT_CHECKS = [
  check('lifecycle.bulk-cancel-over-cap-refused', async (t: TestContext) => {
    const cap = advertisedCap(t);
    const sent = (cap ?? RECOMMENDED_CAP) + 1;
    const runIds = Array.from({ length: sent }, (_, index) => t.unknownId(`run-absent-${index}`));
    const what = `BulkCancelRuns with ${sent} ids (${cap === undefined ? 'no runs.bulkCancel.maxRunIds advertised; the spec\'s 1..100' : `advertised cap ${cap}`})`;
    const call = t.client.bulkCancelRuns({ runIds, reason: 'conformance: over the cap' }, { deliberatelyInvalid: 'more run ids than the host cap' });
    const refusals = [{ code: 'INVALID_ARGUMENT' as const, envelopeCodes: ['validation_error'] }];
    let judged: Promise<unknown> = call;
    if (cap === undefined) {
      // Without an advertised cap, a served request may mean a higher host-defined cap: not a finding.
      const outcome = await call.then((reply) => ({ reply }), (caught: unknown) => ({ caught }));
      t.precondition(!('reply' in outcome), `${what} was served: the engine's cap (REQUIRED, host-defined) lies above 100 and is not advertised as runs.bulkCancel.maxRunIds, so no over-cap request could be sent`);
      judged = Promise.reject(outcome.caught);
    }
    const error = await t.expectRpcError(judged, refusals, what);
    const maxRunIds = envelopeDetails(error)?.['maxRunIds'];
    if (typeof maxRunIds !== 'number') t.fail(`${what}: the refusal's details carry no maxRunIds (${JSON.stringify(envelopeDetails(error) ?? {})})`, 'details.maxRunIds: the configured ceiling', JSON.stringify(maxRunIds) ?? '(absent)');
    if (cap !== undefined) t.assert.strictEqual(maxRunIds, cap, `${what}: details.maxRunIds against the advertised cap`);
    else t.assert.isBelow(maxRunIds, sent, `${what}: details.maxRunIds below the ids sent`);
  }),

  check('lifecycle.bulk-cancel-idempotent', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    const first = await t.control('BulkCancelRuns(a running run)', t.client.bulkCancelRuns({ runIds: [runId], reason: 'conformance: first bulk cancel' }));
    t.precondition(first.results[0]?.ok === true, `control: the first bulk cancel of ${runId} answered ${JSON.stringify(first.results[0] ?? null)} (lifecycle.bulk-cancel-cancels-running reports it)`);
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    const again = await t.client.bulkCancelRuns({ runIds: [runId], reason: 'conformance: the same bulk cancel again' });
    t.precondition(again.results.length === 1, `the re-issue answered ${again.results.length} entries for one id (lifecycle.bulk-cancel-result-per-id reports that)`);
    const entry = again.results[0]!;
    if (entry.ok !== true || entry.status !== 'cancelled') {
      t.fail(`re-issuing the bulk cancel of the cancelled run ${runId} answered ${JSON.stringify(entry)}, not the idempotent ok:true status cancelled`, '{ok: true, status: cancelled}', JSON.stringify(entry));
    }
    t.assert.strictEqual(entry.status, 'cancelled', 'status of the re-issued entry');
  }),
];
