import { assert } from 'chai';
import type { RunningReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import type { JsonObject } from './rest-helpers.js';
import { RestCaller, frameEvents, isObject } from './rest-helpers.js';

/** SSE framing, Last-Event-ID resume, batch frames and the poll endpoint (runs-events-digest §2). */
describe('reference engine REST surface: SSE and poll', () => {
  const token = 'sse-token';
  let engine: RunningReferenceEngine;
  let rest: RestCaller;

  before(async () => {
    engine = await startReferenceEngine({ token, restPort: 0 });
    if (!engine.restUrl) throw new Error('no REST URL');
    rest = new RestCaller(engine.restUrl, token);
  });
  after(async () => {
    await engine.stop();
  });

  /** A finished conformance-multi-node run and its full debug log (read over SSE). */
  async function finishedRun(): Promise<{ runId: string; events: JsonObject[] }> {
    const runId = await rest.createRun('conformance-multi-node');
    return { runId, events: await rest.events(runId) };
  }

  it('frames every event with id = sequence, event = type, data = RunEventDoc, and closes after the terminal event', async () => {
    const runId = await rest.createRun('conformance-multi-node');
    const { status, contentType, frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`);
    assert.strictEqual(status, 200);
    assert.match(contentType, /^text\/event-stream/);
    assert.isAbove(frames.length, 2);
    frames.forEach((frame, index) => {
      const [event] = frameEvents(frame);
      assert.include(event, { runId, sequence: index }, frame.data);
      assert.strictEqual(frame.id, String(index));
      assert.strictEqual(frame.event, event?.['type']);
      assert.includeMembers(Object.keys(event ?? {}), ['eventId', 'type', 'payload', 'timestamp']);
    });
    assert.strictEqual(frames.at(-1)?.event, 'run.completed');
  });

  it('serves updates by default (no node.started) and refuses an unknown mode 400 unsupported_stream_mode', async () => {
    const { runId } = await finishedRun();
    const updates = (await rest.sse(`/v1/runs/${runId}/events`)).frames.flatMap(frameEvents).map((event) => event['type']);
    assert.notInclude(updates, 'node.started');
    assert.strictEqual(updates.at(-1), 'run.completed');
    const refused = await rest.object('GET', `/v1/runs/${runId}/events?streamMode=telepathy`);
    assert.deepEqual([refused.status, refused.body['error']], [400, 'unsupported_stream_mode']);
    const details = refused.body['details'];
    const supported = isObject(details) ? details['supported'] : undefined;
    assert.isTrue(Array.isArray(supported) && supported.includes('updates'), `details.supported lists updates: ${JSON.stringify(supported)}`);
  });

  it('resumes after Last-Event-ID without re-sending it', async () => {
    const { runId, events } = await finishedRun();
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`, { 'last-event-id': '2' });
    const resumed = frames.flatMap(frameEvents).map((event) => event['sequence']);
    assert.deepEqual(
      resumed,
      events.map((event) => event['sequence']).filter((sequence) => Number(sequence) > 2),
    );
  });

  it('batches buffered events into `event: batch` frames whose id is the highest sequence', async () => {
    const runId = await rest.createRun('conformance-delay', { delayMs: 150 });
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug&bufferMs=100`);
    const batches = frames.filter((frame) => frame.event === 'batch');
    assert.isAbove(batches.length, 0);
    for (const batch of batches) {
      const sequences = frameEvents(batch).map((event) => Number(event['sequence']));
      assert.strictEqual(batch.id, String(Math.max(...sequences)));
    }
    const all = frames.flatMap(frameEvents).map((event) => Number(event['sequence']));
    assert.deepEqual(
      all,
      all.map((_, index) => index),
    );
  });

  it('refuses before the stream starts: unknown run 404 and no token 401, as JSON envelopes', async () => {
    const unknown = await rest.object('GET', '/v1/runs/run_unknown/events');
    assert.deepEqual([unknown.status, unknown.body['error']], [404, 'run_not_found']);
    const anonymous = await new RestCaller(rest.baseUrl).object('GET', '/v1/runs/run_unknown/events');
    assert.deepEqual([anonymous.status, anonymous.body['error']], [401, 'unauthenticated']);
  });

  it('polls from the start, after a cursor, and past the end (200, no events, complete)', async () => {
    const { runId, events } = await finishedRun();
    const all = await rest.object('GET', `/v1/runs/${runId}/events/poll`);
    assert.strictEqual(all.status, 200);
    assert.strictEqual(all.body['isComplete'], true);
    assert.deepEqual(all.body['events'], events);
    const after = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=1`);
    const sequences = Array.isArray(after.body['events']) ? after.body['events'].filter(isObject).map((event) => event['sequence']) : [];
    assert.strictEqual(sequences[0], 2);
    const last = Number(events.at(-1)?.['sequence']);
    const pastEnd = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=${last + 5}`);
    assert.strictEqual(pastEnd.status, 200);
    assert.deepEqual(pastEnd.body, { events: [], isComplete: true });
  });

  it('long-polls a live run until its next event arrives', async () => {
    const runId = await rest.createRun('conformance-delay', { delayMs: 200 });
    const first = await rest.object('GET', `/v1/runs/${runId}/events/poll?timeout=10`);
    const seen = Array.isArray(first.body['events']) ? first.body['events'].filter(isObject) : [];
    const cursor = Number(seen.at(-1)?.['sequence'] ?? 0);
    const next = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=${cursor}&timeout=10`);
    const fresh = Array.isArray(next.body['events']) ? next.body['events'].filter(isObject) : [];
    assert.isAbove(fresh.length, 0);
    assert.strictEqual(Number(fresh[0]?.['sequence']), cursor + 1);
  });
});
