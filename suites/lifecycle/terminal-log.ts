import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { TERMINAL_EVENT_TYPES, readPastEnd, readRunLog } from '../../harness/waits/run-log-reader.js';
import { jsonText } from '../../harness/support/json.js';
import { streamEndRecord } from '../../harness/waits/stream-end-record.js';

/** How long a past-end stream that stays open is watched: stored events come first, so this only bounds silence. */
const PAST_END_WATCH_MS = 2_000;

/**
 * What happened to a finished run after it finished, read from its own log rather than from one
 * snapshot: the status must still be `status`, the log's terminal event must be `run.<status>`,
 * and a stream from that event on must bring nothing new (protocol-digest §1.5, §3: terminal
 * statuses have no exit). Returns one finding per deviation.
 */
export async function changesAfterTerminal(t: TestContext, runId: string, status: 'completed' | 'cancelled' | 'failed'): Promise<string[]> {
  const findings: string[] = [];
  const { snapshot } = await t.client.getRun({ runId });
  const now = snapshot?.['status'];
  if (now !== status) findings.push(`status of a ${status} run after CancelRun is ${jsonText(now)}`);

  const log = await readRunLog(
    t.client,
    runId,
    t.deadlines.suite(5_000, "the suite reads a finished run's log for this long; the spec states no bound"),
    (message) => t.warn(message),
  );
  const terminal = log.events.find((event) => (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type));
  t.precondition(terminal, `the log of run ${runId} has no terminal run event (the stream checks report that)`);
  if (terminal.type !== `run.${status}`) findings.push(`the log's terminal event is ${terminal.type}, not run.${status}`);

  let after;
  try {
    after = await readPastEnd(
      t.client,
      runId,
      terminal.sequence,
      t.deadlines.suite(PAST_END_WATCH_MS, "how long the suite watches a finished run's stream past its end"),
      await streamEndRecord(t),
    );
  } catch (error) {
    if (error instanceof RpcError) t.precondition(false, `StreamRunEvents from the terminal event answered ${error.codeName} (${error.statusMessage})`);
    throw error;
  }
  // An event at or before the cursor was not appended after the terminal event: the stream re-sent
  // it, ignoring last_sequence (the stream area's resume requirements judge that). Say what was seen.
  const resent = after.events.filter((event) => event.sequence <= terminal.sequence);
  if (resent.length > 0) {
    t.warn(
      `resuming after the terminal event (last_sequence ${terminal.sequence}) re-sent ${resent.length} earlier event(s) (${resent
        .slice(0, 3)
        .map((event) => `${event.type} at sequence ${event.sequence}`)
        .join(', ')}${resent.length > 3 ? ', …' : ''}): the engine did not honour the cursor; those are not changes to the run`,
    );
  }
  for (const event of after.events.filter((entry) => entry.sequence > terminal.sequence))
    findings.push(`${event.type} after ${terminal.type} (appended at sequence ${event.sequence} > ${terminal.sequence})`);
  if (!after.closed && after.events.length === 0)
    t.warn(`a stream of run ${runId} from its terminal event stayed open without events; it should end OK at once (protocol-digest §1.5)`);
  return findings;
}
