import { advertisedFixtures } from '../../harness/verdicts/gating.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { isTerminal } from '../../harness/waits/run-waits.js';
import { Fixture, LONG_DELAY_MS } from '../fixture-ids.js';
import { changesAfterTerminal } from './terminal-log.js';

/** Short enough to wait out, long enough to cancel mid-delay. */
/**
 * Long enough that the cancel lands before the run would end by itself, also when GetRun and
 * CancelRun each honour one 1 s rate limit first (the rate-limit-once variant) on a loaded machine.
 */
const SHORT_DELAY_MS = 3_000;

/** Ways an engine may refuse to cancel a finished run; v1 defines none, so OK is fine too (protocol-digest §8.2). */
const TERMINAL_CANCEL_REFUSALS: ReadonlySet<number> = new Set([
  GrpcCode.FAILED_PRECONDITION,
  GrpcCode.ABORTED,
  GrpcCode.INVALID_ARGUMENT,
  GrpcCode.ALREADY_EXISTS,
]);

/** A conformance-cancellable run that has been seen running (a precondition: missing it blocks). */
export async function runningCancellable(t: TestContext, delayMs = LONG_DELAY_MS): Promise<string> {
  const { runId, status } = await t.control(`CreateRun(${Fixture.cancellable})`, t.createRun({ workflowId: Fixture.cancellable, inputs: { delayMs } }));
  t.precondition(runId, 'CreateRun returned no run id');
  t.precondition(
    !isTerminal(status),
    `CreateRun answered ${status}: the engine ran ${Fixture.cancellable} (delayMs ${delayMs}) to its end before answering, so there was no running run to cancel`,
  );
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
    await t.control('CancelRun of a running run', t.client.cancelRun({ runId, reason: 'conformance: cancel reaches cancelled' }));
    const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
    t.assert.strictEqual(outcome.status, 'cancelled', 'status after cancelling');
  }),

  check('lifecycle.cancelled-stays-cancelled', async (t: TestContext) => {
    const delayMs = Math.round(SHORT_DELAY_MS * t.deadlines.timeoutScale);
    const runId = await runningCancellable(t, delayMs);
    await t.control('CancelRun of a running run', t.client.cancelRun({ runId, reason: 'conformance: cancelled stays cancelled' }));
    // A companion run with the same delay, started after the cancelled one's delay began: its
    // completion tells us that delay is over, without a timer of our own.
    const companion = await t.control(`CreateRun(${Fixture.delay})`, t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }));
    t.precondition(companion.runId, 'CreateRun returned no run id for the companion run');
    await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'precondition');
    await t.untilStatus(companion.runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'precondition');
    // The oracle is the run's own log: nothing may follow run.cancelled, whatever the status says.
    const findings = await changesAfterTerminal(t, runId, 'cancelled');
    t.assertNone(findings, 'the cancelled run changed after run.cancelled', 'status cancelled and nothing after run.cancelled');
  }),

  check('lifecycle.cancel-terminal-keeps-status', async (t: TestContext) => {
    const { runId } = await t.control(`CreateRun(${Fixture.noop})`, t.createRun({ workflowId: Fixture.noop }));
    t.precondition(runId, 'CreateRun returned no run id');
    await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    try {
      const reply = await t.client.cancelRun({ runId, reason: 'conformance: cancel a completed run' });
      t.warn(`CancelRun of a completed run answered OK with status ${reply.status} (the reference hosts' reading; protocol-digest §8.2)`);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      // v1 defines no answer here: a refusal is one reading, OK another. Anything else says nothing about the status.
      t.precondition(
        TERMINAL_CANCEL_REFUSALS.has(error.code),
        `CancelRun of a completed run answered ${error.codeName} (${error.statusMessage}), which is neither OK nor a refusal, so whether the status is kept cannot be judged`,
      );
      t.warn(`CancelRun of a completed run was refused ${error.codeName} (${error.envelopeCode ?? 'no envelope'}); accepted (protocol-digest §8.2)`);
    }
    const findings = await changesAfterTerminal(t, runId, 'completed');
    t.assertNone(findings, 'CancelRun changed a completed run', 'status completed and nothing after run.completed');
  }),

  check('lifecycle.cancel-unknown-run-not-found', async (t: TestContext) => {
    // Control: CancelRun reaches the engine with these credentials for a run that exists.
    if (advertisedFixtures(t.capabilities).includes(Fixture.cancellable)) {
      const runId = await runningCancellable(t);
      const control = await t.control('CancelRun of an existing run', t.client.cancelRun({ runId, reason: 'conformance: control call' }));
      t.precondition(
        control.runId === runId,
        'control: CancelRun of an existing run did not answer for that run (lifecycle.cancel-running-accepted reports that)',
      );
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
