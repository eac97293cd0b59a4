import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { Fixture } from '../fixture-ids.js';
import { sseFrameKind } from '../../harness/transport/rest/run-event-json.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import type { SseFrame } from './raw-http.js';
import { eventsPath, finishedRun, mediaType, parseSseFrames, raw } from './raw-http.js';

/**
 * SSE framing of GET /v1/runs/{runId}/events (runs-events-digest §4): the response is an event
 * stream, and each frame's id is the sequence a client resumes from with Last-Event-ID. Runs are
 * finished first, so the engine sends the whole log and closes.
 */

/** Buffering asked for on the second read, so batch frames (if the host batches) are judged too. */
const BATCH_BUFFER_MS = 250;

async function readEvents(t: TestContext, workflowId: string, query = '') {
  const runId = await finishedRun(t, workflowId);
  const response = await raw(
    t,
    { method: 'GET', path: eventsPath(runId, query), headers: { accept: 'text/event-stream' } },
    t.deadlines.fixtureCompletion(workflowId).ms,
  );
  return { runId, response };
}

const isBatch = (frame: SseFrame): boolean => frame.event === 'batch';
const describeFrame = (frame: SseFrame, index: number, read: string): string =>
  `${read} frame ${index} (${frame.event ?? 'message'}, sequence ${frame.sequences.join(',') || '?'})`;

/**
 * rest-endpoints.md §SSE: events are streamed "with id:, event:, data: fields" and Last-Event-ID
 * resumes "from the next sequence after that ID". So every event frame carries an id; what the id
 * is (its sequence, its eventId) is the engine's choice — stream-modes.md §Resumption looks the
 * event up by it — and is recorded. A batch frame's id is only a SHOULD (stream-modes.md §bufferMs:
 * "Servers SHOULD use the highest sequence in the batch"), judged by rest.sse-batch-id-highest-sequence.
 */
function idFindings(t: TestContext, frames: readonly SseFrame[], read: string): string[] {
  const findings: string[] = [];
  let sequenceIds = 0;
  let otherIds = 0;
  const registry = sharedSchemaRegistry();
  frames.forEach((frame, index) => {
    // Only frames that carry run events are resumable and need ids; a frame of an unknown event
    // name (a vendor heartbeat) is ignored by readers, here too.
    if (sseFrameKind(frame, (type) => registry.knowsEventType(type)) === 'unknown') return;
    const missing = frame.id === undefined || frame.id === '';
    if (isBatch(frame)) {
      if (missing)
        t.warn(
          `${describeFrame(frame, index, read)} carries no id: a client cannot resume from inside it (a batch's id is a SHOULD, rest.sse-batch-id-highest-sequence)`,
        );
      return;
    }
    if (missing) {
      findings.push(`${describeFrame(frame, index, read)} arrived without an id`);
      return;
    }
    if (frame.sequences.length === 1 && frame.id === String(frame.sequences[0])) sequenceIds += 1;
    else otherIds += 1;
  });
  if (otherIds > 0)
    t.warn(
      `${read}: ${otherIds} event frame id(s) are not the event's sequence (e.g. event ids); accepted, Last-Event-ID resumes by looking the event up (stream-modes.md §Resumption)`,
    );
  else if (sequenceIds > 0) t.warn(`${read}: every event frame's id is its sequence`);
  return findings;
}

/**
 * rest-endpoints.md §SSE: frames carry an `event:` field too. Its value is not pinned (the event's
 * type, `batch` for a buffered flush, or in a mixed-mode stream the admitting mode: stream-modes.md
 * §Mixed mode SHOULD), so only its presence is held and the names seen are recorded. Without one a
 * frame is the SSE default `message`, and readers cannot tell a batch from a single event by it.
 */
function eventFieldFindings(t: TestContext, frames: readonly SseFrame[], read: string): string[] {
  const registry = sharedSchemaRegistry();
  const findings: string[] = [];
  const names = new Set<string>();
  frames.forEach((frame, index) => {
    if (sseFrameKind(frame, (type) => registry.knowsEventType(type)) === 'unknown') return;
    if (frame.event === undefined || frame.event === '') findings.push(`${describeFrame(frame, index, read)} carries no event: field`);
    else names.add(frame.event);
  });
  if (names.size > 0) t.warn(`${read}: event: names seen: ${[...names].sort().join(', ')}`);
  return findings;
}

/** Why batch frames break the SHOULD (id = the batch's highest sequence). */
function batchIdFindings(frames: readonly SseFrame[], read: string): string[] {
  return frames.flatMap((frame, index) => {
    if (!isBatch(frame) || frame.sequences.length === 0) return []; // undecodable data is the stream area's finding
    const highest = Math.max(...frame.sequences);
    if (frame.id === undefined || frame.id === '') return [`${describeFrame(frame, index, read)} carries no id, not its highest sequence ${highest}`];
    return frame.id === String(highest) ? [] : [`${describeFrame(frame, index, read)} has id "${frame.id}", not its highest sequence ${highest}`];
  });
}

const bufferedRead = (t: TestContext, runId: string) =>
  raw(
    t,
    { method: 'GET', path: eventsPath(runId, `?bufferMs=${BATCH_BUFFER_MS}`), headers: { accept: 'text/event-stream' } },
    t.deadlines.fixtureCompletion(Fixture.multiNode).ms,
  );

export const SSE_FRAMING_CHECKS = [
  check('rest.sse-content-type', async (t: TestContext) => {
    const { runId, response } = await readEvents(t, Fixture.noop);
    const type = mediaType(response);
    if (response.status !== 200) {
      t.fail(
        `GET ${eventsPath(runId)} (Accept: text/event-stream) answered HTTP ${response.status} with content type ${type ?? '(none)'}, not 200 text/event-stream`,
        '200 text/event-stream',
        `${response.status} ${type ?? '(none)'}`,
      );
    }
    if (type !== 'text/event-stream') {
      t.fail(`the events stream of run ${runId} has content type ${type ?? '(none)'}, not text/event-stream`, 'text/event-stream', type ?? '(none)');
    }
    t.assert.strictEqual(type, 'text/event-stream', 'events content type');
  }),

  check('rest.sse-event-ids', async (t: TestContext) => {
    const { runId, response } = await readEvents(t, Fixture.multiNode);
    t.precondition(response.status === 200, `GET ${eventsPath(runId)} answered HTTP ${response.status} (rest.sse-content-type judges that)`);
    const frames = parseSseFrames(response.body);
    t.precondition(frames.length > 0, `the events stream of run ${runId} carried no event frames`);
    const buffered = await bufferedRead(t, runId);
    const bufferedFrames = buffered.status === 200 ? parseSseFrames(buffered.body) : [];
    const findings = [
      ...idFindings(t, frames, 'unbuffered'),
      ...idFindings(t, bufferedFrames, `bufferMs=${BATCH_BUFFER_MS}`),
      ...eventFieldFindings(t, frames, 'unbuffered'),
      ...eventFieldFindings(t, bufferedFrames, `bufferMs=${BATCH_BUFFER_MS}`),
    ];
    const batched = bufferedFrames.filter(isBatch).length;
    t.warn(
      batched > 0
        ? `with bufferMs=${BATCH_BUFFER_MS} the engine sent ${batched} of ${bufferedFrames.length} frames as event: batch`
        : `with bufferMs=${BATCH_BUFFER_MS} the engine sent no batch frames (hosts MAY ignore bufferMs)`,
    );
    t.assertNone(findings, `SSE frames of run ${runId}`, 'every event frame carries an id and an event: field');
  }),

  check('rest.sse-batch-id-highest-sequence', async (t: TestContext) => {
    const runId = await finishedRun(t, Fixture.multiNode);
    const buffered = await bufferedRead(t, runId);
    t.precondition(
      buffered.status === 200,
      `GET ${eventsPath(runId, `?bufferMs=${BATCH_BUFFER_MS}`)} answered HTTP ${buffered.status} (rest.sse-content-type judges the stream)`,
    );
    const frames = parseSseFrames(buffered.body);
    const batches = frames.filter(isBatch);
    // Hosts MAY ignore bufferMs (stream-modes.md): then there is no batch id to judge.
    t.precondition(
      batches.length > 0,
      `with bufferMs=${BATCH_BUFFER_MS} the engine sent no batch frames (hosts MAY ignore bufferMs), so no batch id could be judged`,
    );
    t.assertNone(batchIdFindings(frames, `bufferMs=${BATCH_BUFFER_MS}`), `batch frames of run ${runId}`, "each batch frame's id is its highest sequence");
  }),
];
