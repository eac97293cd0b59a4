import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';

/** Long enough to be seen running through a GetRun round trip; scaled with --timeout-scale. */
const DELAY_MS = 1_000;

export const DELAY_CHECKS = [
  check('lifecycle.delay-honours-delay', async (t: TestContext) => {
    const delayMs = Math.round(DELAY_MS * t.deadlines.timeoutScale);
    const sentAt = performance.now();
    const { runId } = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
    t.precondition(runId, 'CreateRun returned no run id');
    const completion = t.deadlines.fixtureCompletion(Fixture.delay, delayMs);
    const first = await t.untilStatus(runId, ['running', 'completed'], completion, 'verdict');
    if (first.status === 'completed') {
      // We see a completion no earlier than it happened, so finishing inside the delay is certain
      // evidence; finishing after it only means the suite was too slow to see the run running.
      const observedMs = performance.now() - sentAt;
      if (observedMs < delayMs) t.fail(`the run completed ${Math.round(observedMs)} ms after CreateRun was sent, inside its ${delayMs} ms delay, without being seen running`, `running for at least ${delayMs} ms`, `completed after ${Math.round(observedMs)} ms`);
      t.precondition(false, `the run finished before the suite could observe it running (${Math.round(observedMs)} ms); raise --timeout-scale`);
    }
    t.assert.strictEqual(first.status, 'running', 'status during the delay');
    const done = await t.untilStatus(runId, ['completed'], completion, 'verdict');
    const observedMs = performance.now() - sentAt;
    t.assert.strictEqual(done.status, 'completed', 'final status of a conformance-delay run');
    t.assert.isAtLeast(observedMs, delayMs, `completion observed ${Math.round(observedMs)} ms after CreateRun was sent, for delayMs ${delayMs}`);
  }),
];
