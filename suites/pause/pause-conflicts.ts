import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { Fixture } from '../fixture-ids.js';
import { Hitl, waitingApprovalRun } from '../interrupt/hitl-fixtures.js';
import { envelopeDetails, isTerminalEvent } from '../stream/stream-reading.js';
import { pausableRun } from './pause-run.js';
import { advertisedDrainPolicies, pausePolicy, withPolicy } from './drain-policies.js';
import { jsonText } from '../../harness/support/json.js';

/**
 * Pause and resume where the run's status does not allow them (runs-events-digest §4): 409 with
 * details.runStatus naming the actual status; and a paused run that is cancelled ends cancelled.
 */

/** A delay long enough that the run is still running or paused when the check is done with it. */
const LONG_DELAY_MS = 20_000;

/** v1 names no code for these 409s (v2 run_state_conflict); conflict-like codes pass, runStatus is strict. */
const CONFLICT_CODES = ['run_state_conflict', 'run_terminal', 'conflict', 'invalid_run_state', 'run_not_paused', 'run_already_paused', 'run_not_pausable'];
const CONFLICT = [
  { code: 'FAILED_PRECONDITION' as const, envelopeCodes: CONFLICT_CODES },
  { code: 'ABORTED' as const, envelopeCodes: CONFLICT_CODES },
];

/**
 * How long the suite waits for a pause to show: an immediate pause at once, a draining one after
 * the node in flight (LONG_DELAY_MS). The spec states no bound, so running out only blocks.
 */
const pauseWait = (t: TestContext) =>
  t.deadlines.suite(
    5_000 + (pausePolicyQuiet(t) === 'immediate' ? 0 : LONG_DELAY_MS),
    'the suite waits this long for the pause to show (after the node in flight, when draining); the spec states no bound',
  );
const pausePolicyQuiet = (t: TestContext) => (advertisedDrainPolicies(t).includes('immediate') ? 'immediate' : 'drain-current-node');

async function expectConflict(t: TestContext, call: Promise<unknown>, runStatus: string, what: string): Promise<void> {
  const error = await t.expectRpcError(call, CONFLICT, what);
  const actual = envelopeDetails(error)?.['runStatus'];
  if (actual !== runStatus)
    t.fail(
      `${what}: details.runStatus is ${JSON.stringify(actual)}, not the run's status "${runStatus}"`,
      `details.runStatus "${runStatus}"`,
      JSON.stringify(actual),
    );
  t.assert.strictEqual(actual, runStatus, `${what}: details.runStatus`);
}

export const PAUSE_CONFLICT_CHECKS = [
  check('pause.pause-paused-refused', async (t: TestContext) => {
    const { runId, recorder } = await pausableRun(t, LONG_DELAY_MS);
    try {
      const policy = withPolicy(pausePolicy(t, 'immediate'));
      await t.control('PauseRun of a running run', t.client.pauseRun({ runId, ...policy }));
      await t.untilStatus(runId, ['paused'], pauseWait(t), 'precondition');
      await expectConflict(t, t.client.pauseRun({ runId, reason: 'conformance: pause again', ...policy }), 'paused', `PauseRun of paused run ${runId}`);
    } finally {
      recorder.close();
    }
  }),

  check('pause.pause-terminal-refused', async (t: TestContext) => {
    const { runId } = await t.createRun({ workflowId: Fixture.noop });
    t.precondition(runId, 'CreateRun returned no run id');
    await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.noop), 'precondition');
    await expectConflict(t, t.client.pauseRun({ runId, reason: 'conformance: pause a completed run' }), 'completed', `PauseRun of completed run ${runId}`);
    const { snapshot } = await t.client.getRun({ runId });
    t.assert.strictEqual(snapshot?.['status'], 'completed', 'status of the completed run after PauseRun');
  }),

  check('pause.pause-waiting-refused', async (t: TestContext) => {
    const { runId } = await waitingApprovalRun(t);
    const what = `PauseRun of waiting-approval run ${runId}`;
    let stacked = false;
    try {
      const reply = await t.client.pauseRun({ runId, reason: 'conformance: pause a waiting run' });
      stacked = true;
      t.warn(`leniency applied: ${what} was accepted (${reply.status}), a stacked pause; the run is resumed and must wait on ${Hitl.approvalNode} again`);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      await expectConflict(t, Promise.reject(error), 'waiting-approval', what);
    }
    if (stacked) await t.control('ResumeRun of the stacked pause', t.client.resumeRun({ runId, reason: 'conformance: undo the stacked pause' }));
    const { snapshot } = await t.client.getRun({ runId });
    const status = snapshot?.['status'];
    if (status !== 'waiting-approval' || snapshot?.['currentNodeId'] !== Hitl.approvalNode) {
      t.fail(
        `the waiting run's interrupt was lost: after ${stacked ? 'the stacked pause and a resume' : 'the refused pause'} the run is ${jsonText(status)} at ${jsonText(snapshot?.['currentNodeId'])}`,
        `waiting-approval at ${Hitl.approvalNode}`,
        `${jsonText(status)} at ${jsonText(snapshot?.['currentNodeId'])}`,
      );
    }
    t.assert.strictEqual(status, 'waiting-approval', 'status of the waiting run after PauseRun');
  }),

  check('pause.resume-not-paused-refused', async (t: TestContext) => {
    const { runId, recorder } = await pausableRun(t, LONG_DELAY_MS);
    try {
      await expectConflict(t, t.client.resumeRun({ runId, reason: 'conformance: resume a running run' }), 'running', `ResumeRun of running run ${runId}`);
    } finally {
      recorder.close();
    }
  }),

  check('pause.cancel-paused-cancels', async (t: TestContext) => {
    const { runId, recorder } = await pausableRun(t, LONG_DELAY_MS);
    try {
      await t.control('PauseRun of a running run', t.client.pauseRun({ runId, ...withPolicy(pausePolicy(t, 'immediate')) }));
      await recorder.until((event) => event.type === 'run.paused', pauseWait(t), 'run.paused');
      await t.control('CancelRun of a paused run', t.client.cancelRun({ runId, reason: 'conformance: cancel a paused run' }));
      const outcome = await t.untilStatus(runId, ['cancelled'], t.deadlines.cancellation(), 'verdict');
      t.assert.strictEqual(outcome.status, 'cancelled', 'status of a paused run after CancelRun');
      const terminal = await recorder.until(
        isTerminalEvent,
        t.deadlines.suite(5_000, 'the suite waits this long for the terminal event once the snapshot reads cancelled'),
        'the terminal event',
      );
      t.assert.strictEqual(terminal.type, 'run.cancelled', 'the terminal event of a paused run that was cancelled');
    } finally {
      recorder.close();
    }
  }),
];
