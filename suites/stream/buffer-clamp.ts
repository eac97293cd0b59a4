import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, isTerminalEvent, readFromStart } from './stream-reading.js';

/**
 * stream-modes.md §Aggregation hint ?bufferMs=: "Range: 0 ≤ bufferMs ≤ 5000 … Larger values are
 * clamped to 5000." So a buffer_ms of 60 000 is served, and no event waits in the buffer longer
 * than 5000 ms. The run's delay is longer than that bound, so the first event can only come in time
 * through the clamp, not through the terminal event's forced flush. Arrival is compared with an
 * unbuffered stream of the same run: no clock of the engine's is read.
 */

const OVER_RANGE_BUFFER_MS = 60_000;
const CLAMP_MS = 5_000;
/** Suite-chosen allowance for delivery jitter between two streams of one run. */
const JITTER_MS = 1_500;
/** Longer than the clamp plus jitter, so the terminal flush cannot stand in for the clamp. */
const DELAY_MS = 10_000;

export const BUFFER_CLAMP_CHECKS = [
  check('stream.buffer-ms-over-range-clamped', async (t: TestContext) => {
    const scale = t.deadlines.timeoutScale;
    const delayMs = Math.round(DELAY_MS * scale);
    const { runId } = await t.control(`CreateRun(${Fixture.delay})`, t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }));
    t.precondition(runId, 'CreateRun returned no run id');
    const deadline = t.deadlines.fixtureCompletion(Fixture.delay, delayMs + CLAMP_MS);
    const [plain, buffered] = await Promise.all([
      readFromStart(t, runId, deadline, {}, isTerminalEvent),
      readFromStart(
        t,
        runId,
        deadline,
        { bufferMs: OVER_RANGE_BUFFER_MS, deliberatelyInvalid: 'buffer_ms above the 0..5000 range, sent to see it clamped' },
        isTerminalEvent,
      ),
    ]);
    if (plain.end === 'error' && plain.error) throw plain.error;
    if (buffered.end === 'error' && buffered.events.length === 0 && buffered.error) {
      const uninformative = uninformativeReason(buffered.error);
      if (uninformative) throw new BlockedError(`StreamRunEvents(buffer_ms ${OVER_RANGE_BUFFER_MS}): ${uninformative}`);
      t.fail(
        `StreamRunEvents with buffer_ms ${OVER_RANGE_BUFFER_MS} was refused ${buffered.error.codeName} (${buffered.error.envelopeCode ?? 'no envelope'}): a value above 5000 must be clamped, not refused`,
        `served, clamped to ${CLAMP_MS} ms`,
        `${buffered.error.codeName} ${buffered.error.envelopeCode ?? ''}`.trim(),
      );
    }
    // The first event both streams delivered before the terminal one.
    const first = plain.events.findIndex((event) => !isTerminalEvent(event) && buffered.events.some((other) => other.sequence === event.sequence));
    t.precondition(first >= 0, `no event before the terminal one was delivered on both streams of run ${runId} (unbuffered: ${describeEvents(plain.events)})`);
    const sequence = plain.events[first]!.sequence;
    const bufferedIndex = buffered.events.findIndex((event) => event.sequence === sequence);
    const late = buffered.receivedAt[bufferedIndex]! - plain.receivedAt[first]!;
    const allowed = Math.round((CLAMP_MS + JITTER_MS) * scale);
    if (late > allowed) {
      t.fail(
        `with buffer_ms ${OVER_RANGE_BUFFER_MS} event ${sequence} (${plain.events[first]!.type}) came ${late} ms after the unbuffered stream's: it was held longer than the 5000 ms clamp (allowed ${allowed} ms with jitter)`,
        `at most ${allowed} ms later`,
        `${late} ms later`,
      );
    }
    t.assert.isAtMost(late, allowed, `delay of event ${sequence} under buffer_ms ${OVER_RANGE_BUFFER_MS}`);
  }),
];
