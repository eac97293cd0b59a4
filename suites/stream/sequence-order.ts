import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { EventTrace } from '../../harness/waits/event-trace.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, finishedLogDeadline, isTerminalEvent, noTerminalReason, readFromStart, refusedAsUnsupported, requireEnded } from './stream-reading.js';
import { jsonText } from '../../harness/support/json.js';
import { requireLiveRunCloses } from './live-close.js';

/**
 * How a stream read from the start is numbered and how it ends (protocol-digest §1.5;
 * runs-events-digest §2): sequences from 0, strictly increasing and gap-free in debug mode, one
 * terminal event that comes last, then OK; and the snapshot agrees with that terminal event.
 */

/** The terminal status each terminal event stands for. */
const STATUS_OF_TERMINAL: Readonly<Record<string, string>> = { 'run.completed': 'completed', 'run.failed': 'failed', 'run.cancelled': 'cancelled' };

/** A finished run of `workflowId`, created by the check. */
async function finishedRun(t: TestContext, workflowId: string): Promise<string> {
  const { runId } = await t.createRun({ workflowId });
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(workflowId), 'precondition');
  return runId;
}

/** Sequence findings over every event delivered: strictly increasing, and (when `contiguous`) each one more than the last. */
function sequenceFindings(trace: EventTrace, contiguous: boolean): string[] {
  const findings: string[] = [];
  for (let index = 1; index < trace.length; index += 1) {
    const previous = trace.sequence(index - 1);
    const current = trace.sequence(index);
    if (current <= previous) findings.push(`sequence ${current} (${trace.type(index)}) follows ${previous}: not strictly increasing`);
    else if (contiguous && current !== previous + 1) findings.push(`gap: sequence ${current} (${trace.type(index)}) follows ${previous} in debug mode`);
  }
  return findings;
}

export const SEQUENCE_ORDER_CHECKS = [
  check('stream.from-start-sequences', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const deadline = finishedLogDeadline(t);
    let read = await readFromStart(t, runId, deadline, { streamModes: ['debug'] }, isTerminalEvent);
    let debug = true;
    if (refusedAsUnsupported(read, 'debug')) {
      // debug is a SHOULD: without it the log is filtered, so only the order can be checked.
      t.warn('debug mode is not served; sequences were checked for order only, not for gaps');
      read = await readFromStart(t, runId, deadline, {}, isTerminalEvent);
      debug = false;
    }
    if (read.end === 'error' && read.error) throw read.error;
    t.precondition(
      read.events.some(isTerminalEvent),
      `the stream of run ${runId} did not reach its terminal event: ${noTerminalReason(read, deadline)} (${describeEvents(read.events)})`,
    );
    const { trace } = read;
    t.assert.strictEqual(trace.sequence(0), read.cursor + 1, `the first event after last_sequence ${read.cursor} (${trace.type(0)}) has sequence`);
    t.assertNone(sequenceFindings(trace, debug), 'event sequences');
    // The trace flags envelopes naming another run; the kept events give the name they carried.
    const named = new Map(read.events.map((event) => [event.sequence, event.runId]));
    const foreign = trace
      .indexes((index) => trace.namesOtherRun(index))
      .map((index) => `${trace.label(index)} names run ${JSON.stringify(named.get(trace.sequence(index)) ?? '(another run)')}`);
    t.assertNone(foreign, `envelopes that do not name run ${runId}`);
  }),

  check('stream.terminal-event-last', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    // Read to the stream's end: what comes after the terminal event is the subject here.
    const read = await readFromStart(
      t,
      runId,
      t.deadlines.suite(5_000, "the suite reads a finished run's whole stream this long; how it closes is stream.closes-after-terminal's subject"),
    );
    if (read.end === 'error' && read.error) throw read.error;
    const terminals = read.events.filter(isTerminalEvent);
    t.precondition(terminals.length > 0, `the stream of run ${runId} delivered no terminal event (${describeEvents(read.events)})`);
    t.assert.strictEqual(terminals.length, 1, `terminal events in the stream (${describeEvents(terminals)})`);
    const last = read.events[read.events.length - 1]!;
    if (!isTerminalEvent(last)) {
      t.fail(
        `events arrived after the terminal event: ${describeEvents(read.events.slice(read.events.indexOf(terminals[0]!)))}`,
        'the terminal event last',
        `${last.type} after the terminal event`,
      );
    }
    t.assert.ok(isTerminalEvent(last), 'the last event is the terminal one');
  }),

  check('stream.closes-after-terminal', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.noop);
    const deadline = t.deadlines.fixtureCompletion(Fixture.noop);
    const read = await readFromStart(t, runId, deadline);
    t.precondition(read.events.some(isTerminalEvent) || read.end !== 'deadline', `the stream of run ${runId} delivered no terminal event`);
    requireEnded(read, deadline, `StreamRunEvents(${runId}) of a finished run`);
    t.assert.strictEqual(read.end, 'ok', 'how the stream ended');
    t.assert.isTrue(read.events.some(isTerminalEvent), `the stream closed with OK only after a terminal event (${describeEvents(read.events)})`);
    await requireLiveRunCloses(t);
  }),

  check('stream.snapshot-matches-terminal', async (t: TestContext) => {
    for (const workflowId of [Fixture.noop, Fixture.failure]) {
      const runId = await finishedRun(t, workflowId);
      const read = await readFromStart(t, runId, t.deadlines.fixtureCompletion(workflowId), {}, isTerminalEvent);
      if (read.end === 'error' && read.error) throw read.error;
      const terminal = read.events.find(isTerminalEvent);
      t.precondition(terminal, `the stream of run ${runId} delivered no terminal event`);
      const { snapshot } = await t.client.getRun({ runId });
      const status = snapshot?.['status'];
      if (status !== STATUS_OF_TERMINAL[terminal.type]) {
        t.fail(
          `${workflowId} run ${runId}: the snapshot says ${jsonText(status)} while the stream ended with ${terminal.type}`,
          `status ${STATUS_OF_TERMINAL[terminal.type] ?? '?'} for ${terminal.type}`,
          `status ${jsonText(status)} with ${terminal.type}`,
        );
      }
      t.assert.strictEqual(status, STATUS_OF_TERMINAL[terminal.type], `${workflowId}: snapshot status for ${terminal.type}`);
    }
  }),
];
