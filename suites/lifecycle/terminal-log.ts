import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { TERMINAL_EVENT_TYPES, readPastEnd, readRunLog } from '../../harness/waits/run-log-reader.js';

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
  if (now !== status) findings.push(`status of a ${status} run after CancelRun is ${String(now)}`);

  const log = await readRunLog(t.client, runId, t.deadlines.suite(5_000, 'the suite reads a finished run\'s log for this long; the spec states no bound'), (message) => t.warn(message));
  const terminal = log.events.find((event) => (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type));
  t.precondition(terminal, `the log of run ${runId} has no terminal run event (the stream checks report that)`);
  if (terminal.type !== `run.${status}`) findings.push(`the log's terminal event is ${terminal.type}, not run.${status}`);

  let after;
  try {
    after = await readPastEnd(t.client, runId, terminal.sequence, t.deadlines.suite(PAST_END_WATCH_MS, 'how long the suite watches a finished run\'s stream past its end'));
  } catch (error) {
    if (error instanceof RpcError) t.precondition(false, `StreamRunEvents from the terminal event answered ${error.codeName} (${error.statusMessage})`);
    throw error;
  }
  for (const event of after.events) findings.push(`${event.type} after ${terminal.type} (sequence ${event.sequence} > ${terminal.sequence})`);
  if (!after.closed && after.events.length === 0) t.warn(`a stream of run ${runId} from its terminal event stayed open without events; it should end OK at once (protocol-digest §1.5)`);
  return findings;
}
