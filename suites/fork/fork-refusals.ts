import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { ForkRunRequest } from '../../harness/transport/engine-client.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { Fixture } from '../fixture-ids.js';
import { advertisedFork, finishedSource } from './fork-run.js';

/**
 * ForkRun requests the engine must refuse (runs-events-digest §3): a negative from_seq, an unknown
 * mode or a replay with an overlay (400 → INVALID_ARGUMENT validation_error), a fork point beyond
 * the source log (422, no v1 code: lenient on the code, strict on the refusal), an unknown source.
 */

const VALIDATION = [{ code: 'INVALID_ARGUMENT' as const, envelopeCodes: ['validation_error'] }];
/** How far past any conformance-noop log the beyond-log probe forks. */
const BEYOND_LOG = 10_000;

/** A completed conformance-noop run, and a control fork showing ForkRun works on it with these credentials. */
async function forkableSource(t: TestContext): Promise<string> {
  const sourceId = await finishedSource(t, Fixture.noop);
  const control = advertisedFork(t, sourceId, 0);
  await t.control(`ForkRun ${control.mode} of a completed run`, t.client.forkRun(control));
  return sourceId;
}

function invalidRequestCheck(requirementId: string, describe: string, request: (sourceId: string, t: TestContext) => ForkRunRequest) {
  return check(requirementId, async (t: TestContext) => {
    const sourceId = await forkableSource(t);
    await t.expectRpcError(t.client.forkRun(request(sourceId, t), { deliberatelyInvalid: `ForkRun with ${describe}` }), VALIDATION, `ForkRun with ${describe}`);
  });
}

/** Status codes a 422 may reasonably map to over gRPC; fork_point_invalid passes under any status. */
const BEYOND_LOG_CODES: ReadonlySet<number> = new Set([GrpcCode.FAILED_PRECONDITION, GrpcCode.OUT_OF_RANGE, GrpcCode.INVALID_ARGUMENT]);

export const FORK_REFUSAL_CHECKS = [
  invalidRequestCheck('fork.negative-from-seq-rejected', 'from_seq -1', (runId, t) => advertisedFork(t, runId, -1)),
  invalidRequestCheck('fork.unknown-mode-rejected', 'mode "rewind"', (runId) => ({ runId, fromSeq: 0, mode: 'rewind' })),
  invalidRequestCheck('fork.replay-overlay-rejected', 'mode replay and a non-empty overlay', (runId) => ({
    runId,
    fromSeq: 0,
    mode: 'replay',
    overlay: { tags: ['conformance-overlay'] },
  })),

  check('fork.branch-without-from-seq-rejected', async (t: TestContext) => {
    const sourceId = await finishedSource(t, Fixture.noop);
    await t.control('ForkRun branch from fromSeq 0 of a completed run', t.client.forkRun({ runId: sourceId, fromSeq: 0, mode: 'branch' }));
    const what = 'ForkRun in branch mode with no fromSeq in the body';
    let error: unknown;
    try {
      const reply = await t.client.forkRun({ runId: sourceId, mode: 'branch' }, { deliberatelyInvalid: what });
      t.fail(
        `${what}: the engine answered 201 (forked run ${reply.forkedRunId}), reading the missing branch point as a default`,
        '400 validation_error: a branch fork needs fromSeq',
        `201, status ${reply.status}`,
      );
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof RpcError)) throw error;
    // The spec pins 400 (INVALID_ARGUMENT over the mapping); validation_error is its code for an invalid field.
    await t.expectRpcError(Promise.reject(error), [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'], anyEnvelopeCode: true }], what);
  }),

  check('fork.beyond-log-refused', async (t: TestContext) => {
    const sourceId = await forkableSource(t);
    const what = `ForkRun with from_seq ${BEYOND_LOG}, beyond the source log`;
    let error: unknown;
    try {
      const reply = await t.client.forkRun(advertisedFork(t, sourceId, BEYOND_LOG));
      t.fail(
        `${what}: the engine answered OK (forked run ${reply.forkedRunId})`,
        'a refusal: FAILED_PRECONDITION or fork_point_invalid',
        `OK, status ${reply.status}`,
      );
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof RpcError)) throw error;
    const pointInvalid = error.envelopeCode === 'fork_point_invalid';
    if (!pointInvalid && !BEYOND_LOG_CODES.has(error.code)) {
      const uninformative = uninformativeReason(error);
      if (uninformative) throw new BlockedError(`${what}: ${uninformative}`);
      t.fail(
        `${what}: status ${error.codeName} (${error.statusMessage}) is not a refusal of the fork point`,
        'FAILED_PRECONDITION, OUT_OF_RANGE or INVALID_ARGUMENT, or the fork_point_invalid envelope',
        error.codeName,
      );
    }
    if (error.envelope === undefined)
      t.fail(`${what}: ${error.codeName} carries no ErrorEnvelope: ${error.envelopeProblem ?? 'absent'}`, 'an ErrorEnvelope detail', error.envelopeProblem);
    t.assertNone(error.envelopeIssues, `${what}: the ErrorEnvelope is malformed`);
    t.warn(`${what} was refused ${error.codeName} + ${error.envelopeCode ?? '(no code)'}; accepted (v1 names no code for this 422)`);
  }),

  check('fork.unknown-source-not-found', async (t: TestContext) => {
    if (advertisedFixtures(t.capabilities).includes(Fixture.noop)) await forkableSource(t);
    else t.warn(`${Fixture.noop} is not advertised, so no control call shows ForkRun succeeding with these credentials`);
    const unknown = t.unknownId('run-absent');
    await t.expectRpcError(
      t.client.forkRun(advertisedFork(t, unknown, 0)),
      [{ code: 'NOT_FOUND', envelopeCodes: ['run_not_found', 'not_found'] }],
      `ForkRun(${unknown})`,
    );
  }),
];
