import fc from 'fast-check';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { UncarriedRequestError } from '../../harness/transport/rest/uncarried-request.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { describeAccepted, matchingEntries } from '../errors/error-outcomes.js';
import type { HostileRequest, LiveRun } from './generated-requests.js';
import { generationSeed, hostileRequests, startLiveRun } from './generated-requests.js';

/** Generated requests per run: enough to reach every generator several times, few enough for CI. */
const GENERATED_REQUESTS = 60;

/** Why an answer to an invalid request is wrong, or undefined when it is an accepted refusal. */
async function judge(t: TestContext, request: HostileRequest, live: LiveRun, blocked: string[]): Promise<string | undefined> {
  const accepted = request.accepted(t);
  try {
    await request.send(t, live);
  } catch (error) {
    if (error instanceof UncarriedRequestError) {
      // The transport could not express this input (e.g. stream modes over --rest-events poll): not judged.
      t.warn(`${request.label}: not sent: ${error.message}`);
      return undefined;
    }
    if (!(error instanceof RpcError)) throw error;
    const entries = matchingEntries(accepted, error);
    if (entries.length === 0) {
      const uninformative = uninformativeReason(error);
      if (uninformative) {
        blocked.push(`${request.label}: ${uninformative}`);
        return undefined;
      }
      return `${request.label} answered ${error.codeName}${error.envelopeCode ? ` ${error.envelopeCode}` : ''}; expected ${describeAccepted(accepted)}`;
    }
    const allowed = entries.flatMap((entry) => entry.envelopeCodes);
    // A missing or unreadable envelope is the errors area's finding; a wrong code is this one's.
    if (error.envelope !== undefined && !allowed.includes(error.envelopeCode ?? '')) {
      return `${request.label} answered ${error.codeName} with envelope code ${error.envelopeCode ?? '(none)'}; expected ${allowed.join('|')}`;
    }
    return undefined;
  }
  return `${request.label} answered OK; expected ${describeAccepted(accepted)}`;
}

export const INVALID_REQUEST_CHECKS = [
  check('input.invalid-requests-refused', async (t: TestContext) => {
    const liveRun = await startLiveRun(t);
    // Requests that name the live run are generated only when there is one (see hostileRequests).
    const live = liveRun ?? { runId: t.unknownId('run-absent') };
    const { arbitrary, leftOut } = hostileRequests(t.capabilities, t.client.transport, liveRun !== undefined);
    for (const note of leftOut) t.warn(`not generated: ${note}`);
    const seed = generationSeed();
    t.warn(`generated ${GENERATED_REQUESTS} invalid requests with fast-check seed ${seed} (replay: OPENWOP_CONFORMANCE_SEED=${seed})`);
    const blocked: string[] = [];
    let finding: string | undefined;
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async (request) => {
        // A shrunk input can become valid; only an input that still breaks its rule is evidence.
        fc.pre(request.stillInvalid());
        const problem = await judge(t, request, live, blocked);
        if (problem !== undefined) finding = problem;
        return problem === undefined;
      }),
      { seed, numRuns: GENERATED_REQUESTS, maxSkipsPerRun: 10 },
    );
    if (details.failed) {
      // After shrinking, `finding` is the smallest input that still failed for the same reason.
      const problem = finding ?? `a generated request failed: ${String(details.errorInstance)}`;
      t.fail(
        `${problem} (fast-check seed ${seed}, path ${details.counterexamplePath ?? '-'})`,
        'INVALID_ARGUMENT (or the listed class) with the listed envelope code',
        problem,
      );
    }
    t.precondition(blocked.length === 0, blocked[0] ?? '');
    t.assert.isAtLeast(details.numRuns, 1, 'generated requests judged');
  }),
];
