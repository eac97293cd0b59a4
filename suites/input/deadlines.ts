import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { Fixture } from '../fixture-ids.js';
import { idempotentBody } from '../idempotency/idempotency-keys.js';

/** The delay run outlives the stream deadline by far, so the stream cannot end OK first. */
const RUN_DELAY_MS = 1_500;
const STREAM_DEADLINE_MS = 300;
/** Short enough that the call cannot complete: the client gives up before (or as) it is sent. */
const CREATE_DEADLINE_MS = 1;

/** The stream half: a tailing StreamRunEvents cut by its deadline must leave the run running to completion. */
async function streamDeadline(t: TestContext): Promise<void> {
  const { runId } = await t.control('CreateRun conformance-delay', t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: RUN_DELAY_MS } }));
  // Visible first (GetRun only: the waiter's own stream would be a client giving up too), so an
  // eventually consistent engine's early NOT_FOUND is not mistaken for the stream's end.
  await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.delay, RUN_DELAY_MS));
  const stream = t.client.streamRunEvents({ runId, lastSequence: 0 }, { deadlineMs: STREAM_DEADLINE_MS });
  const end = await stream.ended;
  // A stream that ended on events the suite cannot read blocks naming their owner, not "ended error".
  if (end.kind === 'error' && end.error instanceof BlockedError) throw end.error;
  t.precondition(
    end.kind === 'error' && end.error instanceof RpcError,
    `the stream of a ${RUN_DELAY_MS} ms run ended ${end.kind} within ${STREAM_DEADLINE_MS} ms`,
  );
  t.assert.equal(end.error.codeName, 'DEADLINE_EXCEEDED', 'a stream cut by its deadline ends DEADLINE_EXCEEDED on the client');
  const result = await t.untilStatus(runId, ['completed', 'failed', 'cancelled'], t.deadlines.fixtureCompletion(Fixture.delay, RUN_DELAY_MS), 'verdict');
  if (result.status !== 'completed') {
    t.fail(
      `the run was ${result.status} after a StreamRunEvents call on it hit its deadline: a client that gives up must not cancel the run`,
      'completed',
      result.status,
    );
  }
  t.assert.equal(result.status, 'completed', 'run status after the stream deadline');
}

/** The CreateRun half: a timed-out CreateRun made one whole run or none; which one is recorded. */
async function createDeadline(t: TestContext): Promise<void> {
  const key = t.unknownId('conformance-key');
  const nonce = t.unknownId('nonce');
  try {
    // Not t.createRun: a run it may have made is a noop that ends by itself.
    await t.client.createRun(idempotentBody(nonce, key), { deadlineMs: CREATE_DEADLINE_MS });
    t.warn(`CreateRun answered within its ${CREATE_DEADLINE_MS} ms deadline, so the timed-out case was not reached`);
    return;
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    t.assert.equal(error.codeName, 'DEADLINE_EXCEEDED', `a CreateRun with a ${CREATE_DEADLINE_MS} ms deadline ends DEADLINE_EXCEEDED on the client`);
  }
  // Another body under the same key tells whether the engine had accepted the timed-out request.
  try {
    const { runId } = await t.createRun(idempotentBody(`${nonce}-other`, key));
    await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.idempotent));
    t.warn('the timed-out CreateRun had not been accepted: its key was still free');
  } catch (error) {
    if (!(error instanceof RpcError) || error.code !== GrpcCode.ABORTED) throw error;
    t.warn('the timed-out CreateRun had been accepted: its key holds its body');
    // Accepted, then it must be whole: the original body replays a run that GetRun can read.
    const { runId } = await t.createRun(idempotentBody(nonce, key));
    const snapshot = await t.readCreatedRun(runId, t.deadlines.fixtureCompletion(Fixture.idempotent));
    t.assert.equal(snapshot['runId'], runId, 'the accepted run is readable in full');
  }
}

export const DEADLINE_CHECKS = [
  check('input.deadline-leaves-no-side-effect', async (t: TestContext) => {
    await streamDeadline(t);
    await createDeadline(t);
  }),
];
