import { jsonText } from '../../harness/support/json.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, isTerminalEvent } from '../stream/stream-reading.js';
import { EventRecorder } from './event-recorder.js';
import { isTerminal } from '../../harness/waits/run-waits.js';
import { DEFAULT_DRAIN_POLICY, pausePolicy, withPolicy } from './drain-policies.js';

/**
 * Pausing and resuming a running conformance-delay run (runs-events-digest §4): the reply, the
 * snapshot and run.paused with its drain policy; what each policy does to the node in flight;
 * that nothing runs while paused; and that a resume continues the run to completed.
 */

/** The delay of a run paused mid-node: long enough to pause it, short enough to wait out. */
const NODE_DELAY_MS = 1_500;

/** A conformance-delay run seen running, with a recorder on its events. */
export async function pausableRun(t: TestContext, delayMs: number): Promise<{ runId: string; recorder: EventRecorder }> {
  const { runId } = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, ['running'], t.deadlines.runStart(), 'precondition');
  const lifetime = t.deadlines.fixtureCompletion(Fixture.delay, 3 * delayMs).ms;
  return { runId, recorder: new EventRecorder(t, runId, lifetime) };
}

/** How much longer the second run is when the first ended before the pause reached it. */
const RETRY_FACTOR = 4;

/**
 * A pausable run, paused by `pause` (a control call). On a loaded machine a short run may end
 * before the pause reaches it; the engine then refuses the pause, rightly. That says nothing about
 * the engine, so the suite tries once more with a run four times longer before the refusal counts
 * (as a block: the pause is this check's precondition).
 */
async function pauseRunningRun(
  t: TestContext,
  delayMs: number,
  pause: (runId: string) => Promise<unknown>,
): Promise<{ runId: string; recorder: EventRecorder; delayMs: number }> {
  for (const factor of [1, RETRY_FACTOR]) {
    const delay = delayMs * factor;
    const { runId, recorder } = await pausableRun(t, delay);
    try {
      await pause(runId);
      return { runId, recorder, delayMs: delay };
    } catch (error) {
      recorder.close();
      if (factor === RETRY_FACTOR || !(await endedBeforeThePause(t, runId))) throw error;
      t.warn(`run ${runId} (${delay} ms) ended before the pause reached it; tried again with a ${delay * RETRY_FACTOR} ms run`);
    }
  }
  throw new Error('unreachable: the last attempt returns or throws');
}

/** Whether a refused pause met a run that had already ended (the suite was late, not the engine). */
async function endedBeforeThePause(t: TestContext, runId: string): Promise<boolean> {
  const { snapshot } = await t.control('GetRun after a refused pause', t.client.getRun({ runId }));
  return isTerminal(jsonText(snapshot?.['status']));
}

/** The suite's bound for a pause to show as run.paused; the spec states none, so it only blocks. */
const pauseBound = (t: TestContext, delayMs: number) =>
  t.deadlines.suite(5_000 + delayMs, 'the suite waits this long for run.paused (after the node in flight, when draining); the spec states no bound');

/**
 * Waits until a companion conformance-delay run with the same delay, started now, completes: a
 * period as long as the node's delay has passed, measured by the engine's own work, not a timer.
 */
async function waitOutTheDelay(t: TestContext, delayMs: number): Promise<void> {
  const companion = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
  t.precondition(companion.runId, 'CreateRun returned no run id for the companion run');
  await t.untilStatus(companion.runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'precondition');
}

const isNodeEvent = (event: RunEvent): boolean => event.type.startsWith('node.');

export const PAUSE_CHECKS = [
  check('pause.running-run-pauses', async (t: TestContext) => {
    const delayMs = Math.round(3 * NODE_DELAY_MS * t.deadlines.timeoutScale);
    const { runId, recorder } = await pausableRun(t, delayMs);
    // An advertised policy (immediate when listed: the pause then shows without waiting for the node).
    const policy = pausePolicy(t, 'immediate');
    const kept = policy ?? DEFAULT_DRAIN_POLICY;
    try {
      const reply = await t.client.pauseRun({ runId, reason: 'conformance: pause a running run', ...withPolicy(policy) });
      t.assert.strictEqual(reply.runId, runId, 'PauseRun echoes the run id');
      t.assert.strictEqual(reply.status, 'paused', 'PauseRun status');
      const paused = await recorder.until((event) => event.type === 'run.paused', pauseBound(t, kept === 'immediate' ? 0 : delayMs), 'run.paused');
      const { snapshot } = await t.client.getRun({ runId });
      t.assert.strictEqual(snapshot?.['status'], 'paused', 'snapshot status once run.paused was emitted');
      const payload = paused.payload;
      const recorded = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload['drainPolicy'] : undefined;
      if (recorded !== kept)
        t.fail(
          `run.paused does not keep the drain policy: drainPolicy is ${JSON.stringify(recorded)}`,
          `payload.drainPolicy ${JSON.stringify(kept)}`,
          JSON.stringify(payload),
        );
      t.assert.strictEqual(recorded, kept, 'run.paused payload.drainPolicy');
    } finally {
      recorder.close();
    }
  }),

  check('pause.drain-completes-current-node', async (t: TestContext) => {
    const { recorder, delayMs } = await pauseRunningRun(t, Math.round(NODE_DELAY_MS * t.deadlines.timeoutScale), (id) =>
      t.control('PauseRun of a running run', t.client.pauseRun({ runId: id, reason: 'conformance: drain', drainPolicy: 'drain-current-node' })),
    );
    try {
      const paused = await recorder.until((event) => event.type === 'run.paused', pauseBound(t, delayMs), 'run.paused');
      const before = recorder.events.slice(0, recorder.events.indexOf(paused));
      const completed = before.filter((event) => event.type === 'node.completed');
      if (completed.length === 0)
        t.fail(
          `with drain-current-node, run.paused came before the node in flight completed (events: ${describeEvents(recorder.events)})`,
          'node.completed before run.paused',
          describeEvents(before),
        );
      t.assert.isAbove(completed.length, 0, 'node.completed events before run.paused');
    } finally {
      recorder.close();
    }
  }),

  check('pause.immediate-stops-current-node', async (t: TestContext) => {
    const { recorder, delayMs } = await pauseRunningRun(t, Math.round(NODE_DELAY_MS * t.deadlines.timeoutScale), (id) =>
      t.control('PauseRun of a running run', t.client.pauseRun({ runId: id, reason: 'conformance: immediate', drainPolicy: 'immediate' })),
    );
    try {
      const paused = await recorder.until((event) => event.type === 'run.paused', pauseBound(t, 0), 'run.paused');
      await waitOutTheDelay(t, delayMs);
      const completedAfter = recorder.after(paused).filter((event) => event.type === 'node.completed');
      if (completedAfter.length > 0)
        t.fail(
          `with immediate, a node completed after run.paused: ${describeEvents(recorder.after(paused))}`,
          'no node.completed after run.paused',
          describeEvents(completedAfter),
        );
      t.assert.lengthOf(completedAfter, 0, 'node.completed events after run.paused');
    } finally {
      recorder.close();
    }
  }),

  check('pause.paused-executes-nothing', async (t: TestContext) => {
    const { runId, recorder, delayMs } = await pauseRunningRun(t, Math.round(NODE_DELAY_MS * t.deadlines.timeoutScale), (id) =>
      t.control(
        'PauseRun of a running run',
        t.client.pauseRun({ runId: id, reason: 'conformance: stay paused', ...withPolicy(pausePolicy(t, 'drain-current-node')) }),
      ),
    );
    try {
      const paused = await recorder.until((event) => event.type === 'run.paused', pauseBound(t, delayMs), 'run.paused');
      await waitOutTheDelay(t, delayMs);
      const executed = recorder.after(paused).filter((event) => isNodeEvent(event) || isTerminalEvent(event));
      if (executed.length > 0)
        t.fail(
          `the run executed while paused: ${describeEvents(executed)} after run.paused`,
          'no node or terminal event while paused',
          describeEvents(executed),
        );
      const { snapshot } = await t.client.getRun({ runId });
      t.assert.strictEqual(snapshot?.['status'], 'paused', "status after a period longer than the node's delay");
    } finally {
      recorder.close();
    }
  }),

  check('pause.resume-continues', async (t: TestContext) => {
    const policy = pausePolicy(t, 'immediate');
    const { runId, recorder, delayMs } = await pauseRunningRun(t, Math.round(NODE_DELAY_MS * t.deadlines.timeoutScale), (id) =>
      t.control('PauseRun of a running run', t.client.pauseRun({ runId: id, reason: 'conformance: pause to resume', ...withPolicy(policy) })),
    );
    try {
      const paused = await recorder.until((event) => event.type === 'run.paused', pauseBound(t, policy === 'immediate' ? 0 : delayMs), 'run.paused');
      const reply = await t.client.resumeRun({ runId, reason: 'conformance: resume' });
      t.assert.strictEqual(reply.runId, runId, 'ResumeRun echoes the run id');
      t.assert.strictEqual(reply.status, 'running', 'ResumeRun status');
      const outcome = await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'verdict');
      t.assert.strictEqual(outcome.status, 'completed', 'status after resuming');
      const terminal = await recorder.until(
        isTerminalEvent,
        t.deadlines.suite(5_000, 'the suite waits this long for the terminal event after the snapshot read completed'),
        'the terminal event',
      );
      const between = recorder.after(paused).slice(0, recorder.after(paused).indexOf(terminal));
      // run.resuming may come first (protocol-digest §4: tolerated); run.resumed must follow run.paused.
      const resumed = between.find((event) => event.type === 'run.resumed');
      if (!resumed)
        t.fail(
          `no run.resumed between run.paused and ${terminal.type} (events: ${describeEvents(recorder.after(paused))})`,
          'run.resumed after run.paused',
          describeEvents(between),
        );
      t.assert.ok(resumed, 'run.resumed after run.paused');
    } finally {
      recorder.close();
    }
  }),
];
