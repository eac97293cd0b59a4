import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { isTerminal } from '../../harness/waits/run-waits.js';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

/** Long enough to be seen running through a GetRun round trip; scaled with --timeout-scale. */
const DELAY_MS = 1_000;

/** Engines time delays with their own clocks and timers, which may fire a little early. */
const toleranceMs = (delayMs: number): number => Math.max(25, Math.round(delayMs * 0.02));

export const DELAY_CHECKS = [
  check('lifecycle.delay-honours-delay', async (t: TestContext) => {
    const delayMs = Math.round(DELAY_MS * t.deadlines.timeoutScale);
    const floorMs = delayMs - toleranceMs(delayMs);
    const sentAt = performance.now();
    const created = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
    const answeredMs = performance.now() - sentAt;
    t.precondition(created.runId, 'CreateRun returned no run id');
    const { runId } = created;
    const completion = t.deadlines.fixtureCompletion(Fixture.delay, delayMs);

    if (isTerminal(created.status)) {
      // An engine that runs the workflow inline answers only once it is done: the delay is honoured
      // if that answer took at least the delay. The running phase happened inside the call.
      const done = await t.untilStatus(runId, ['completed'], completion, 'verdict');
      if (answeredMs < floorMs)
        t.fail(
          `CreateRun answered ${created.status} ${Math.round(answeredMs)} ms after it was sent, inside the run's ${delayMs} ms delay`,
          `at least ${delayMs} ms`,
          `${Math.round(answeredMs)} ms`,
        );
      t.warn(
        `the engine ran the delay inline: CreateRun answered ${created.status} after ${Math.round(answeredMs)} ms, so the running status was never visible to GetRun`,
      );
      t.assert.strictEqual(done.status, 'completed', 'final status of a conformance-delay run');
      return;
    }

    const first = await t.untilStatus(runId, ['running', 'completed'], completion, 'verdict');
    if (first.status === 'completed') {
      // We see a completion no earlier than it happened, so finishing inside the delay is certain evidence.
      const observedMs = performance.now() - sentAt;
      if (observedMs < floorMs)
        t.fail(
          `the run completed ${Math.round(observedMs)} ms after CreateRun was sent, inside its ${delayMs} ms delay`,
          `running for at least ${delayMs} ms`,
          `completed after ${Math.round(observedMs)} ms`,
        );
      // It finished before a GetRun saw it running: the engine's own log says how long it ran.
      const log = await readRunLog(t.client, runId, completion, (message) => t.warn(message));
      const started = log.events.find((event) => event.type === 'run.started')?.timestamp;
      const ended = log.events.find((event) => event.type === 'run.completed')?.timestamp;
      t.precondition(
        started && ended,
        `run ${runId} completed before GetRun saw it running, and its log has no run.started/run.completed timestamps to show the delay`,
      );
      const ranMs = Date.parse(ended) - Date.parse(started);
      t.warn(`GetRun never saw run ${runId} running; its log shows ${ranMs} ms between run.started and run.completed`);
      t.assert.isAtLeast(ranMs, floorMs, `time between run.started and run.completed in the engine's log, for delayMs ${delayMs}`);
      return;
    }
    t.assert.strictEqual(first.status, 'running', 'status during the delay');
    const done = await t.untilStatus(runId, ['completed'], completion, 'verdict');
    const observedMs = performance.now() - sentAt;
    t.assert.strictEqual(done.status, 'completed', 'final status of a conformance-delay run');
    t.assert.isAtLeast(observedMs, floorMs, `completion observed ${Math.round(observedMs)} ms after CreateRun was sent, for delayMs ${delayMs}`);
  }),
];
