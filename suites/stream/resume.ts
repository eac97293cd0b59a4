import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { EventTrace } from '../../harness/waits/event-trace.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, finishedLogDeadline, isTerminalEvent, readFromStart, readStream, refusedAsUnsupported, requireEnded } from './stream-reading.js';

/**
 * Resuming a stream (protocol-digest §1.5): `last_sequence = s` delivers exactly the events with
 * sequence > s, never the resumption point; 0 is a cursor like any other (the proto3-default
 * pitfall: a client that leaves it unset misses event 0); after the terminal event nothing is left.
 */

/** How many events are read before the first call is cancelled. */
const READ_BEFORE_RESUME = 3;

async function finishedRun(t: TestContext, workflowId: string): Promise<string> {
  const { runId } = await t.createRun({ workflowId });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(workflowId), 'precondition');
  return runId;
}

/** Resumed events against the full log after the cursor (every event, from the traces): duplicates, gaps and strays, one line each. */
function resumeFindings(resumed: EventTrace, full: EventTrace, cursor: number): string[] {
  const findings: string[] = [];
  for (const index of resumed.indexes((candidate) => resumed.sequence(candidate) <= cursor)) {
    findings.push(`duplicate: ${resumed.label(index)} re-sent after resuming from last_sequence ${cursor}`);
  }
  const expected = full.indexes((index) => full.sequence(index) > cursor);
  const seen = new Set(resumed.indexes().map((index) => resumed.identity(index)));
  for (const index of expected) if (!seen.has(full.identity(index))) findings.push(`missing: ${full.label(index)} was not delivered after resuming`);
  const known = new Set(expected.map((index) => full.identity(index)));
  for (const index of resumed.indexes())
    if (resumed.sequence(index) > cursor && !known.has(resumed.identity(index))) findings.push(`stray: ${resumed.label(index)} is not in the run's log`);
  return findings;
}

/**
 * Both reads must have ended (the engine closed the stream, or the terminal event came) before
 * they are compared: a read the suite's own deadline cut short misses events through no fault of
 * the engine's (a finished run's log has no stated delivery bound), so it blocks.
 */
function requireWholeReads(t: TestContext, runId: string, deadlineMs: number, ...reads: { end: string }[]): void {
  t.precondition(
    reads.every((read) => read.end !== 'deadline'),
    `a stream of finished run ${runId} was still delivering when the suite's ${deadlineMs} ms read deadline ran out (the suite's bound), so the resumed and the full log were not compared`,
  );
}

/**
 * Resumes run `runId` in `mode` after its third event and compares with the same mode's full log.
 * Answers false (with a warning) when the engine refuses debug with unsupported_stream_mode.
 */
async function resumeInMode(t: TestContext, runId: string, mode: string): Promise<boolean> {
  const deadline = finishedLogDeadline(t);
  const modes = [mode];
  const partial = await readFromStart(t, runId, deadline, { streamModes: modes }, (_event, events) => events.length >= READ_BEFORE_RESUME);
  if (mode === 'debug' && refusedAsUnsupported(partial, 'debug')) {
    t.warn('debug mode is not served; resume was checked in updates mode only');
    return false;
  }
  if (partial.end === 'error' && partial.error) throw partial.error;
  t.precondition(
    partial.events.length >= 2 && partial.end === 'stopped',
    `the ${mode} stream of run ${runId} had fewer than ${READ_BEFORE_RESUME} events to read before resuming (${describeEvents(partial.events)})`,
  );
  const cursor = partial.events[partial.events.length - 1]!.sequence;
  const resumed = await readStream(t, { runId, lastSequence: cursor, streamModes: modes }, deadline, isTerminalEvent);
  if (resumed.end === 'error' && resumed.error) throw resumed.error;
  const full = await readFromStart(t, runId, deadline, { streamModes: modes }, isTerminalEvent);
  if (full.end === 'error' && full.error) throw full.error;
  requireWholeReads(t, runId, deadline.ms, resumed, full);
  t.assertNone(
    resumeFindings(resumed.trace, full.trace, cursor),
    `resuming the ${mode} stream after sequence ${cursor} (delivered: ${describeEvents(resumed.events)})`,
  );
  return true;
}

export const RESUME_CHECKS = [
  check('stream.resume-after-cursor', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    // stream-modes.md §Resumption: "All four modes MUST honor the Last-Event-ID". debug (when served)
    // and updates (always: the one mode every host MUST serve) are resumed; values has its own
    // check (stream.values-resume-snapshot-first); messages has no fixture that streams tokens.
    let resumedIn = 0;
    for (const mode of ['debug', 'updates']) if (await resumeInMode(t, runId, mode)) resumedIn += 1;
    t.precondition(resumedIn > 0, `no stream mode of run ${runId} could be resumed`);
  }),

  check('stream.resume-from-zero', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop);
    const resumed = await readStream(t, { runId, lastSequence: 0 }, deadline, isTerminalEvent);
    if (resumed.end === 'error' && resumed.error) throw resumed.error;
    t.precondition(
      resumed.events.some(isTerminalEvent),
      `the stream of run ${runId} from last_sequence 0 did not reach the terminal event (${describeEvents(resumed.events)})`,
    );
    const zero = resumed.trace.indexes((index) => resumed.trace.sequence(index) === 0);
    if (zero.length > 0)
      t.fail(
        `last_sequence 0 delivered sequence 0 (${resumed.trace.type(zero[0]!)}): 0 was read as "from the start", not as a cursor`,
        'events with sequence > 0',
        describeEvents(resumed.events),
      );
    const full = await readFromStart(t, runId, deadline, {}, isTerminalEvent);
    if (full.end === 'error' && full.error) throw full.error;
    requireWholeReads(t, runId, deadline.ms, resumed, full);
    t.assertNone(resumeFindings(resumed.trace, full.trace, 0), `resuming after sequence 0 (delivered: ${describeEvents(resumed.events)})`);
  }),

  check('stream.resume-after-terminal-ends', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const full = await readFromStart(t, runId, t.deadlines.fixtureCompletion(Fixture.noop), {}, isTerminalEvent);
    if (full.end === 'error' && full.error) throw full.error;
    const terminal = full.events.find(isTerminalEvent);
    t.precondition(terminal, `the stream of run ${runId} delivered no terminal event`);
    const deadline = t.deadlines.suite(5_000, 'the suite waits this long for a stream resumed after the terminal event to end; the spec states no bound');
    const after = await readStream(t, { runId, lastSequence: terminal.sequence }, deadline);
    if (after.events.length > 0) {
      t.fail(
        `resuming after the terminal event (sequence ${terminal.sequence}) delivered ${describeEvents(after.events)}`,
        'no events, then OK',
        describeEvents(after.events),
      );
    }
    requireEnded(after, deadline, `StreamRunEvents(${runId}, last_sequence ${terminal.sequence})`);
    t.assert.strictEqual(after.end, 'ok', 'how a stream resumed after the terminal event ends');
  }),
];
