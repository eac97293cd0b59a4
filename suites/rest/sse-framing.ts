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
  const response = await raw(t, { method: 'GET', path: eventsPath(runId, query), headers: { accept: 'text/event-stream' } }, t.deadlines.fixtureCompletion(workflowId).ms);
  return { runId, response };
}

/** Why frames break the id rule, one line each; warns about a batch id that is not the highest. */
function idFindings(t: TestContext, frames: readonly SseFrame[], read: string): string[] {
  const findings: string[] = [];
  const registry = sharedSchemaRegistry();
  frames.forEach((frame, index) => {
    // Only frames that carry run events are resumable and need ids; a frame of an unknown event
    // name (a vendor heartbeat) is ignored by readers, here too.
    if (sseFrameKind(frame, (type) => registry.knowsEventType(type)) === 'unknown') return;
    const what = `${read} frame ${index} (${frame.event ?? 'message'}, sequence ${frame.sequences.join(',') || '?'})`;
    if (frame.id === undefined || frame.id === '') {
      findings.push(`${what} arrived without an id`);
      return;
    }
    if (frame.sequences.length === 0) return; // undecodable data is the stream area's finding
    const highest = Math.max(...frame.sequences);
    if (frame.id === String(highest)) return;
    if (frame.sequences.length > 1 && frame.sequences.some((sequence) => String(sequence) === frame.id)) {
      t.warn(`a batch's SSE id is ${frame.id}, not its highest sequence ${highest} (SHOULD, stream-modes.md §bufferMs)`);
      return;
    }
    findings.push(`${what} has id "${frame.id}", so it is without an id equal to its sequence`);
  });
  return findings;
}

export const SSE_FRAMING_CHECKS = [
  check('rest.sse-content-type', async (t: TestContext) => {
    const { runId, response } = await readEvents(t, Fixture.noop);
    const type = mediaType(response);
    if (response.status !== 200) {
      t.fail(`GET ${eventsPath(runId)} (Accept: text/event-stream) answered HTTP ${response.status} with content type ${type ?? '(none)'}, not 200 text/event-stream`, '200 text/event-stream', `${response.status} ${type ?? '(none)'}`);
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
    const buffered = await raw(t, { method: 'GET', path: eventsPath(runId, `?bufferMs=${BATCH_BUFFER_MS}`), headers: { accept: 'text/event-stream' } }, t.deadlines.fixtureCompletion(Fixture.multiNode).ms);
    const bufferedFrames = buffered.status === 200 ? parseSseFrames(buffered.body) : [];
    const findings = [...idFindings(t, frames, 'unbuffered'), ...idFindings(t, bufferedFrames, `bufferMs=${BATCH_BUFFER_MS}`)];
    const batched = bufferedFrames.filter((frame) => frame.event === 'batch').length;
    t.warn(batched > 0 ? `with bufferMs=${BATCH_BUFFER_MS} the engine sent ${batched} of ${bufferedFrames.length} frames as event: batch` : `with bufferMs=${BATCH_BUFFER_MS} the engine sent no batch frames (hosts MAY ignore bufferMs)`);
    t.assertNone(findings, `SSE frames of run ${runId}`, 'every frame carries id: <its sequence>');
  }),
];
