import { check } from '../../harness/suite-dsl.js';
import type { TestContext } from '../../harness/test-context.js';
import { Fixture } from '../fixture-ids.js';

/** Long enough to be seen running through a GetRun round trip; scaled with --timeout-scale. */
const DELAY_MS = 1_000;

export const DELAY_CHECKS = [
  check('lifecycle.delay-honours-delay', async (t: TestContext) => {
    const delayMs = Math.round(DELAY_MS * t.deadlines.timeoutScale);
    const sentAt = performance.now();
    const { runId } = await t.tolerateSchema(t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }));
    t.precondition(runId, 'CreateRun returned no run id');
    // Reaching another terminal status first (e.g. completed at once) fails: the fixture must be running during its delay.
    const running = await t.untilStatus(runId, ['running'], t.deadlines.runStart(), 'verdict');
    t.assert.strictEqual(running.status, 'running', 'status during the delay');
    const done = await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'verdict');
    // A lower bound only: the engine finished no earlier than we saw it finish, so a correct engine cannot fail this.
    const observedMs = performance.now() - sentAt;
    t.assert.strictEqual(done.status, 'completed', 'final status of a conformance-delay run');
    t.assert.isAtLeast(observedMs, delayMs, `completion observed ${Math.round(observedMs)} ms after CreateRun was sent, for delayMs ${delayMs}`);
  }),
];
