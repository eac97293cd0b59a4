import type { TestContext } from '../../harness/runner/test-context.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import { isTerminal } from '../../harness/waits/run-waits.js';
import { jsonText } from '../../harness/support/json.js';
import { Fixture } from '../fixture-ids.js';
import { describeEvents, isTerminalEvent, readFromStart, requireEnded } from './stream-reading.js';

/**
 * The close of a stream opened on a live run (rest-endpoints.md §SSE: "Auto-close the connection
 * when the run reaches a terminal status"; stream-modes.md §updates Termination). A finished run's
 * stream ends after the stored log is replayed; this is the other case: the stream is open before
 * the run ends, and the engine must end it when the run does.
 */

/** Long enough that the first event is read while the run still runs, short enough to wait out. */
const LIVE_CLOSE_DELAY_MS = 1_500;

/**
 * Subscribes to a conformance-delay run as soon as it is created and reads to the end. Evidence
 * that the stream was open on a live run: GetRun, asked when the first event arrives, answers a
 * status that is not terminal. An engine that refuses the -1 cursor (allowed, protocol-digest §1.5)
 * is read from 0, so event 0 is never delivered and the first event read may be the terminal one;
 * the evidence is then GetRun asked right after the stream request was sent. When the status is
 * already terminal (a loaded machine read late), a run four times longer is tried; if that too had
 * ended, the check blocks (nothing was learned about a live stream). The close is judged with the
 * fixture's own bound (conformance/fixtures.md).
 */
export async function requireLiveRunCloses(t: TestContext): Promise<void> {
  for (const factor of [1, 4]) {
    const delayMs = Math.round(LIVE_CLOSE_DELAY_MS * factor * t.deadlines.timeoutScale);
    const { runId } = await t.control(`CreateRun ${Fixture.delay}`, t.createRun({ workflowId: Fixture.delay, inputs: { delayMs } }));
    t.precondition(runId, 'CreateRun returned no run id');
    const deadline = t.deadlines.fixtureCompletion(Fixture.delay, delayMs);
    const statusNow = (): Promise<string | undefined> => {
      const status = t.client.getRun({ runId }).then(({ snapshot }) => jsonText(snapshot?.['status']));
      status.catch(() => undefined); // judged below, through t.control
      return status;
    };
    let statusAtOpen: Promise<string | undefined> | undefined;
    let statusAtFirst: Promise<string | undefined> | undefined;
    const onOpen = (cursor: number): void => {
      statusAtOpen = cursor === 0 ? statusNow() : undefined;
    };
    const onEvent = (_event: RunEvent, events: readonly RunEvent[]): boolean => {
      if (events.length === 1) statusAtFirst = statusNow();
      return false;
    };
    const read = await readFromStart(t, runId, deadline, { onOpen }, onEvent);
    const [probe, when] =
      read.cursor === 0 && statusAtOpen
        ? [statusAtOpen, 'its stream was opened (read from 0: the -1 cursor was refused)']
        : [statusAtFirst, "its stream's first event arrived"];
    const status = probe ? await t.control(`GetRun ${runId}`, probe) : undefined;
    if (status === undefined || isTerminal(status)) {
      if (factor === 1) continue;
      t.precondition(false, `the run had already ended (${status ?? 'no event read'}) when ${when}, so no stream on a live run was observed`);
    }
    const what = `StreamRunEvents(${runId}) of a live run (status ${status} when ${when})`;
    requireEnded(read, deadline, what);
    t.assert.strictEqual(read.end, 'ok', `how the stream of a live run ended`);
    t.assert.isTrue(read.events.some(isTerminalEvent), `the stream of a live run closed only after a terminal event (${describeEvents(read.events)})`);
    return;
  }
}
