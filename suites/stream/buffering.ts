import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, isTerminalEvent, readFromStart } from './stream-reading.js';

/**
 * buffer_ms (stream-modes.md §bufferMs): a host may batch events for up to the buffer (or ignore
 * the hint), but order is kept and a terminal event forces a flush. The run's end is what an
 * unbuffered subscriber of the same run sees, so no clock of the engine's is compared with ours.
 */

const BUFFER_MS = 1_000;
const DELAY_MS = 1_500;
/** Suite-chosen allowance for delivery jitter between two streams of one run. */
const JITTER_MS = 1_500;

export const BUFFERING_CHECKS = [
  check('stream.buffer-ms-order', async (t: TestContext) => {
    const delayMs = Math.round(DELAY_MS * t.deadlines.timeoutScale);
    const { runId } = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
    t.precondition(runId, 'CreateRun returned no run id');
    const deadline = t.deadlines.fixtureCompletion(Fixture.delay, delayMs + BUFFER_MS);
    const [plain, buffered] = await Promise.all([
      readFromStart(t, runId, deadline, {}, isTerminalEvent),
      readFromStart(t, runId, deadline, { bufferMs: BUFFER_MS }),
    ]);
    for (const read of [plain, buffered]) if (read.end === 'error' && read.error) throw read.error;
    const plainEnd = plain.events.findIndex(isTerminalEvent);
    const bufferedEnd = buffered.events.findIndex(isTerminalEvent);
    t.precondition(plainEnd >= 0, `the unbuffered stream of run ${runId} delivered no terminal event`);
    if (bufferedEnd < 0)
      t.fail(
        `with buffer_ms ${BUFFER_MS} the terminal event never came (${describeEvents(buffered.events)})`,
        'the terminal event',
        describeEvents(buffered.events),
      );
    const sequences = buffered.events.map((event) => event.sequence);
    const outOfOrder = sequences.findIndex((sequence, index) => index > 0 && sequence <= sequences[index - 1]!);
    if (outOfOrder > 0)
      t.fail(
        `with buffer_ms ${BUFFER_MS} events arrive out of order: ${describeEvents(buffered.events)}`,
        'strictly increasing sequences',
        describeEvents(buffered.events),
      );
    const from = Math.max(plain.cursor, buffered.cursor);
    const lines = (events: typeof plain.events): string[] => events.filter((event) => event.sequence > from).map((event) => `${event.sequence}:${event.type}`);
    t.assert.deepEqual(
      lines(buffered.events.slice(0, bufferedEnd + 1)),
      lines(plain.events.slice(0, plainEnd + 1)),
      `events with buffer_ms ${BUFFER_MS} vs unbuffered`,
    );
    const late = buffered.receivedAt[bufferedEnd]! - plain.receivedAt[plainEnd]!;
    const allowed = Math.round((BUFFER_MS + JITTER_MS) * t.deadlines.timeoutScale);
    if (late > allowed) {
      t.fail(
        `with buffer_ms ${BUFFER_MS} the terminal event came ${late} ms after the unbuffered stream's (allowed: the buffer plus ${JITTER_MS} ms jitter): no forced flush on the terminal event`,
        `at most ${allowed} ms later`,
        `${late} ms later`,
      );
    }
    t.assert.isAtMost(late, allowed, 'delay of the buffered terminal event');
  }),
];
