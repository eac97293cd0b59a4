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

/** An entry error's code in either shape the spec shows ({error, message} or {code, message}). */
function entryCode(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as Record<string, unknown>;
  return fields['error'] ?? fields['code'];
}

export const BULK_CANCEL_LIMIT_CHECKS = [
  check('lifecycle.bulk-cancel-over-cap-refused', async (t: TestContext) => {
    const cap = advertisedCap(t);
    const sent = (cap ?? RECOMMENDED_CAP) + 1;
    const runIds = Array.from({ length: sent }, (_, index) => t.unknownId(`run-absent-${index}`));
    const what = `BulkCancelRuns with ${sent} ids (${cap === undefined ? "no runs.bulkCancel.maxRunIds advertised; the spec's 1..100" : `advertised cap ${cap}`})`;
    const call = t.client.bulkCancelRuns({ runIds, reason: 'conformance: over the cap' }, { deliberatelyInvalid: 'more run ids than the host cap' });
    const refusals = [{ code: 'INVALID_ARGUMENT' as const, envelopeCodes: ['validation_error'] }];
    let judged: Promise<unknown> = call;
    if (cap === undefined) {
      // Without an advertised cap, a served request may mean a higher host-defined cap: not a finding.
      const outcome = await call.then(
        (reply) => ({ reply }),
        (caught: unknown) => ({ caught }),
      );
      t.precondition(
        !('reply' in outcome),
        `${what} was served: the engine's cap (REQUIRED, host-defined) lies above 100 and is not advertised as runs.bulkCancel.maxRunIds, so no over-cap request could be sent`,
      );
      judged = Promise.reject(outcome.caught);
    }
    const error = await t.expectRpcError(judged, refusals, what);
    const maxRunIds = envelopeDetails(error)?.['maxRunIds'];
    if (typeof maxRunIds !== 'number')
      t.fail(
        `${what}: the refusal's details carry no maxRunIds (${JSON.stringify(envelopeDetails(error) ?? {})})`,
        'details.maxRunIds: the configured ceiling',
        JSON.stringify(maxRunIds) ?? '(absent)',
      );
    if (cap !== undefined) t.assert.strictEqual(maxRunIds, cap, `${what}: details.maxRunIds against the advertised cap`);
    else t.assert.isBelow(maxRunIds, sent, `${what}: details.maxRunIds below the ids sent`);
  }),

  check('lifecycle.bulk-cancel-idempotent', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    const unknown = t.unknownId('run-absent');
    const runIds = [runId, unknown];
    const first = await t.control(
      'BulkCancelRuns(a running run, an unknown id)',
      t.client.bulkCancelRuns({ runIds, reason: 'conformance: first bulk cancel' }),
    );
    t.precondition(
      first.results.length === 2 && first.results[0]?.ok === true,
      `control: the first bulk cancel answered ${JSON.stringify(first.results)} (lifecycle.bulk-cancel-cancels-running and -result-per-id report it)`,
    );
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    const again = await t.client.bulkCancelRuns({ runIds, reason: 'conformance: the same bulk cancel again' });
    t.precondition(
      again.results.length === 2,
      `the re-issue answered ${again.results.length} entries for two ids (lifecycle.bulk-cancel-result-per-id reports that)`,
    );
    const [cancelled, absent] = again.results;
    const findings: string[] = [];
    if (cancelled?.ok !== true || cancelled.status !== 'cancelled')
      findings.push(`the cancelled run ${runId} answered ${JSON.stringify(cancelled)}, not the idempotent ok:true status cancelled`);
    // "re-issuing the same bulk request returns the same per-id outcomes": the unknown id's entry does not change.
    if (absent?.ok !== first.results[1]?.ok || entryCode(absent?.error) !== entryCode(first.results[1]?.error)) {
      findings.push(`the unknown id answered ${JSON.stringify(absent)} on the re-issue after ${JSON.stringify(first.results[1])}: not the same per-id outcome`);
    }
    t.assertNone(findings, 're-issuing the same bulk cancel', 'ok:true status cancelled for the cancelled run, the same outcome for the unknown id');
  }),
];
