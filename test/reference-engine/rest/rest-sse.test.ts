import { expect } from 'chai';
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
    expect(status).to.equal(200);
    expect(contentType).to.match(/^text\/event-stream/);
    expect(frames.length).to.be.above(2);
    frames.forEach((frame, index) => {
      const [event] = frameEvents(frame);
      expect(event, frame.data).to.include({ runId, sequence: index });
      expect(frame.id).to.equal(String(index));
      expect(frame.event).to.equal(event?.['type']);
      expect(Object.keys(event ?? {})).to.include.members(['eventId', 'type', 'payload', 'timestamp']);
    });
    expect(frames.at(-1)?.event).to.equal('run.completed');
  });

  it('serves updates by default (no node.started) and refuses an unknown mode 400 unsupported_stream_mode', async () => {
    const { runId } = await finishedRun();
    const updates = (await rest.sse(`/v1/runs/${runId}/events`)).frames.flatMap(frameEvents).map((event) => event['type']);
    expect(updates).to.not.include('node.started');
    expect(updates.at(-1)).to.equal('run.completed');
    const refused = await rest.object('GET', `/v1/runs/${runId}/events?streamMode=telepathy`);
    expect([refused.status, refused.body['error']]).to.deep.equal([400, 'unsupported_stream_mode']);
    expect(refused.body['details']).to.have.property('supported').that.includes('updates');
  });

  it('resumes after Last-Event-ID without re-sending it', async () => {
    const { runId, events } = await finishedRun();
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug`, { 'last-event-id': '2' });
    const resumed = frames.flatMap(frameEvents).map((event) => event['sequence']);
    expect(resumed).to.deep.equal(events.map((event) => event['sequence']).filter((sequence) => Number(sequence) > 2));
  });

  it('batches buffered events into `event: batch` frames whose id is the highest sequence', async () => {
    const runId = await rest.createRun('conformance-delay', { delayMs: 150 });
    const { frames } = await rest.sse(`/v1/runs/${runId}/events?streamMode=debug&bufferMs=100`);
    const batches = frames.filter((frame) => frame.event === 'batch');
    expect(batches.length).to.be.above(0);
    for (const batch of batches) {
      const sequences = frameEvents(batch).map((event) => Number(event['sequence']));
      expect(batch.id).to.equal(String(Math.max(...sequences)));
    }
    const all = frames.flatMap(frameEvents).map((event) => Number(event['sequence']));
    expect(all).to.deep.equal(all.map((_, index) => index));
  });

  it('refuses before the stream starts: unknown run 404 and no token 401, as JSON envelopes', async () => {
    const unknown = await rest.object('GET', '/v1/runs/run_unknown/events');
    expect([unknown.status, unknown.body['error']]).to.deep.equal([404, 'run_not_found']);
    const anonymous = await new RestCaller(rest.baseUrl).object('GET', '/v1/runs/run_unknown/events');
    expect([anonymous.status, anonymous.body['error']]).to.deep.equal([401, 'unauthenticated']);
  });

  it('polls from the start, after a cursor, and past the end (200, no events, complete)', async () => {
    const { runId, events } = await finishedRun();
    const all = await rest.object('GET', `/v1/runs/${runId}/events/poll`);
    expect(all.status).to.equal(200);
    expect(all.body['isComplete']).to.equal(true);
    expect(all.body['events']).to.deep.equal(events);
    const after = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=1`);
    const sequences = Array.isArray(after.body['events']) ? after.body['events'].filter(isObject).map((event) => event['sequence']) : [];
    expect(sequences[0]).to.equal(2);
    const last = Number(events.at(-1)?.['sequence']);
    const pastEnd = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=${last + 5}`);
    expect(pastEnd.status).to.equal(200);
    expect(pastEnd.body).to.deep.equal({ events: [], isComplete: true });
  });

  it('long-polls a live run until its next event arrives', async () => {
    const runId = await rest.createRun('conformance-delay', { delayMs: 200 });
    const first = await rest.object('GET', `/v1/runs/${runId}/events/poll?timeout=10`);
    const seen = Array.isArray(first.body['events']) ? first.body['events'].filter(isObject) : [];
    const cursor = Number(seen.at(-1)?.['sequence'] ?? 0);
    const next = await rest.object('GET', `/v1/runs/${runId}/events/poll?lastSequence=${cursor}&timeout=10`);
    const fresh = Array.isArray(next.body['events']) ? next.body['events'].filter(isObject) : [];
    expect(fresh.length).to.be.above(0);
    expect(Number(fresh[0]?.['sequence'])).to.equal(cursor + 1);
  });
});
