import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture, LONG_DELAY_MS } from '../fixture-ids.js';

/** Short enough to wait out, long enough to cancel mid-delay. */
const SHORT_DELAY_MS = 2_000;

/** A conformance-cancellable run that has been seen running (a precondition: missing it blocks). */
export async function runningCancellable(t: TestContext, delayMs = LONG_DELAY_MS): Promise<string> {
  const { runId } = await t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs } });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, ['running'], t.deadlines.runStart(), 'precondition');
  return runId;
}

export const CANCEL_RUN_CHECKS = [
  check('lifecycle.cancel-running-accepted', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    const reply = await t.client.cancelRun({ runId, reason: 'conformance: cancel a running run' });
    t.assert.strictEqual(reply.runId, runId, 'CancelRun echoes the run id');
    t.assert.oneOf(reply.status, ['cancelling', 'cancelled'], 'CancelRun status for a running run');
  }),

  check('lifecycle.cancel-reaches-cancelled', async (t: TestContext) => {
    const runId = await runningCancellable(t);
    await t.client.cancelRun({ runId, reason: 'conformance: cancel reaches cancelled' });
    const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
    t.assert.strictEqual(outcome.status, 'cancelled', 'status after cancelling');
  }),

  check('lifecycle.cancelled-stays-cancelled', async (t: TestContext) => {
    const delayMs = Math.round(SHORT_DELAY_MS * t.deadlines.timeoutScale);
    const runId = await runningCancellable(t, delayMs);
    await t.client.cancelRun({ runId, reason: 'conformance: cancelled stays cancelled' });
    // A companion run with the same delay, started after the cancelled one's delay began: its
    // completion tells us that delay is over, without a timer of our own.
    const companion = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
    t.precondition(companion.runId, 'CreateRun returned no run id for the companion run');
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    await t.untilStatus(companion.runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'precondition');
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'cancelled', 'status of the cancelled run once its delay would have ended');
  }),

  check('lifecycle.cancel-terminal-keeps-status', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    try {
      await t.client.cancelRun({ runId, reason: 'conformance: cancel a completed run' });
    } catch (error) {
      // v1 defines no answer here (protocol-digest §8.2): any refusal is acceptable.
      if (!(error instanceof RpcError)) throw error;
      t.warn(`CancelRun of a completed run answered ${error.codeName} (${error.envelopeCode ?? 'no envelope'}); accepted`);
    }
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'completed', 'status of a completed run after CancelRun');
  }),

  check('lifecycle.cancel-unknown-run-not-found', async (t: TestContext) => {
    // Control: CancelRun reaches the engine with these credentials for a run that exists.
    if (advertisedFixtures(t.capabilities).includes(Fixture.cancellable)) {
      const runId = await runningCancellable(t);
      const control = await t.client.cancelRun({ runId, reason: 'conformance: control call' });
      t.assert.strictEqual(control.runId, runId, 'control: CancelRun of an existing run answers for that run');
    } else {
      t.warn(`${Fixture.cancellable} is not advertised, so no control call shows CancelRun succeeding with these credentials`);
    }
    const unknown = t.unknownId('run-absent');
    await t.expectRpcError(
      t.client.cancelRun({ runId: unknown, reason: 'conformance: unknown run' }),
      [{ code: 'NOT_FOUND', envelopeCodes: ['run_not_found', 'not_found'] }],
      `CancelRun(${unknown})`,
    );
  }),
];
