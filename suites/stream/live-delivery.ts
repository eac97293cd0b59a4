import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { isTerminal } from '../../harness/waits/run-waits.js';
import { Fixture } from '../fixture-ids.js';
import type { Deadline } from '../../harness/waits/deadlines.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import type { FromStartRead } from './stream-reading.js';
import { describeEvents, isTerminalEvent, readFromStart, refusedAsUnsupported } from './stream-reading.js';
import { jsonText } from '../../harness/support/json.js';

/**
 * A stream as it happens (protocol-digest §1.5; runs-events-digest §2): events pushed live, a
 * client's cancel that leaves the run alone, and several subscribers that see the same log.
 */

/** Long enough that a live stream sees run.started well before the end, short enough to wait out. */
const LIVE_DELAY_MS = 2_000;

/** Events a run emits as it starts: run.started (event 0) and, in debug mode, node.started. */
const isStartEvent = (event: RunEvent): boolean => event.type === 'run.started' || event.type === 'node.started';

/**
 * Reads from the start in debug mode (updates when debug is refused) until a start event or the
 * terminal event. Blocks when no start event can be observed at all: an engine that refuses both
 * the -1 cursor (so event 0 is skipped) and debug mode shows nothing early.
 */
async function readStartEvents(t: TestContext, runId: string, deadline: Deadline): Promise<FromStartRead> {
  const stop = (event: RunEvent): boolean => isStartEvent(event) || isTerminalEvent(event);
  let read = await readFromStart(t, runId, deadline, { streamModes: ['debug'] }, stop);
  let debug = true;
  if (refusedAsUnsupported(read, 'debug')) {
    read = await readFromStart(t, runId, deadline, {}, stop);
    debug = false;
  }
  if (read.end === 'error' && read.error) throw read.error;
  t.precondition(read.events.length > 0, `the stream of run ${runId} delivered nothing (${read.end})`);
  t.precondition(
    debug || read.cursor < 0 || read.events.some(isStartEvent),
    'no start event is observable: the engine refuses last_sequence -1 (event 0 is skipped) and debug mode (node.started is left out)',
  );
  return read;
}

/** The run stream.client-cancel-keeps-run cancels its stream on. */
const CLIENT_CANCEL_RUN_MS = 3_000;

async function delayRun(t: TestContext, delayMs: number): Promise<string> {
  const { runId } = await t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } });
  t.precondition(runId, 'CreateRun returned no run id');
  return runId;
}

export const LIVE_DELIVERY_CHECKS = [
  check('stream.live-delivery', async (t: TestContext) => {
    // A run ended by the time the start event is read is ambiguous on a loaded machine: the engine
    // held events back, or the suite read late. A second run, four times longer, separates the two:
    // an engine that buffers until the end still shows a terminal status; a slow reader does not.
    for (const factor of [1, 4]) {
      const delayMs = Math.round(LIVE_DELAY_MS * factor * t.deadlines.timeoutScale);
      const runId = await delayRun(t, delayMs);
      // Stop at the first start event and ask the engine, at once, whether the run is still going:
      // an engine that holds events back until the end can only answer a terminal status here.
      const read = await readStartEvents(t, runId, t.deadlines.fixtureCompletion(Fixture.delay, delayMs));
      const early = read.events.find(isStartEvent);
      if (!early)
        t.fail(
          `neither run.started nor node.started was delivered before the terminal event (${describeEvents(read.events)})`,
          'a start event while the run runs',
          'the terminal event first',
        );
      const { snapshot } = await t.client.getRun({ runId });
      const status = jsonText(snapshot?.['status']);
      if (!isTerminal(status)) {
        if (factor > 1)
          t.warn(`a ${LIVE_DELAY_MS} ms run had ended before its ${early.type} was read; a ${delayMs} ms run was still going (the suite read late)`);
        t.assert.isFalse(isTerminal(status), `the run is still going when ${early.type} arrives`);
        return;
      }
      if (factor === 4)
        t.fail(
          `${early.type} arrived only once the run had ended (status ${status}), for a ${LIVE_DELAY_MS} ms and a ${delayMs} ms run: events are not pushed as they happen`,
          `a running run when ${early.type} arrives`,
          status,
        );
    }
  }),

  check('stream.client-cancel-keeps-run', async (t: TestContext) => {
    // Long enough for the engine to see the client's cancel before the run ends by itself, also on
    // a loaded machine: a run that ended first cannot show whether the disconnect would cancel it.
    const delayMs = Math.round(CLIENT_CANCEL_RUN_MS * t.deadlines.timeoutScale);
    const runId = await delayRun(t, delayMs);
    // Read until a start event, then cancel the call (readStream cancels on stop).
    const read = await readStartEvents(t, runId, t.deadlines.runStart());
    t.precondition(
      read.end === 'stopped' && !read.events.some(isTerminalEvent),
      `the stream of run ${runId} could not be cancelled mid-run (${read.end}: ${describeEvents(read.events)})`,
    );
    const outcome = await t.untilStatus(runId, ['completed'], t.deadlines.fixtureCompletion(Fixture.delay, delayMs), 'verdict');
    t.assert.strictEqual(outcome.status, 'completed', 'the run after its stream was cancelled by the client');
  }),

  check('stream.concurrent-subscribers-identical', async (t: TestContext) => {
    const delayMs = Math.round(1_000 * t.deadlines.timeoutScale);
    const runId = await delayRun(t, delayMs);
    const deadline = t.deadlines.fixtureCompletion(Fixture.delay, delayMs);
    const subscribe = (modes: string[] | undefined) => readFromStart(t, runId, deadline, modes ? { streamModes: modes } : {}, isTerminalEvent);
    let [first, second] = await Promise.all([subscribe(['debug']), subscribe(['debug'])]);
    if (refusedAsUnsupported(first, 'debug')) {
      t.warn('debug mode is not served; the subscribers were compared in updates mode');
      [first, second] = await Promise.all([subscribe(undefined), subscribe(undefined)]);
    }
    for (const read of [first, second]) if (read.end === 'error' && read.error) throw read.error;
    t.precondition(first.events.some(isTerminalEvent) && second.events.some(isTerminalEvent), `a subscriber of run ${runId} did not reach the terminal event`);
    // With different cursors (one engine refusing -1 only sometimes) compare the common part.
    const from = Math.max(first.cursor, second.cursor);
    // Every event delivered (the traces); the event id in clear where the event was kept whole.
    const lines = (read: typeof first): string[] => {
      const ids = new Map(read.events.map((event) => [event.sequence, event.eventId]));
      const { trace } = read;
      return trace
        .indexes((index) => trace.sequence(index) > from)
        .map((index) => {
          const id = ids.get(trace.sequence(index));
          return `${trace.label(index)} eventId ${id ?? `digest ${trace.identity(index).toString(16)}`}`;
        });
    };
    const a = lines(first);
    const b = lines(second);
    const differs = a.findIndex((entry, index) => entry !== b[index]);
    if (differs >= 0 || a.length !== b.length) {
      const at = differs >= 0 ? differs : Math.min(a.length, b.length);
      t.fail(`the two subscribers differ at event #${at}: ${a[at] ?? 'nothing'} vs ${b[at] ?? 'nothing'}`, a.join(', '), b.join(', '));
    }
    t.assert.deepEqual(a, b, 'sequence, type and eventId seen by both subscribers');
  }),
];
