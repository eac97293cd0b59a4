import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import fc from 'fast-check';
import type { EventStream, RunEvent } from '../../../harness/transport/engine-client.js';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { UnreadableEventError } from '../../../harness/transport/unreadable-event.js';
import { RestEngineClient } from '../../../harness/transport/rest/rest-engine-client.js';
import { runEventDoc, sendJson, sseFrame, StubHttpServer } from './stub-http-server.js';

async function collect(stream: EventStream): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function startSse(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.flushHeaders();
}

/** Writes the chunks one by one, each in its own turn of the event loop, so they reach the client apart. */
async function writeChunks(response: ServerResponse, chunks: string[]): Promise<void> {
  for (const chunk of chunks) {
    response.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

const DOCS = [runEventDoc(0, 'run.started'), runEventDoc(1, 'node.completed', { nodeId: 'n1', vendorField: 'kept' }), runEventDoc(2, 'run.completed')];
const UNBATCHED = DOCS.map((doc) => sseFrame(String(doc['sequence']), String(doc['type']), doc)).join('');

describe('StreamRunEvents over SSE', () => {
  const server = new StubHttpServer();
  let client: RestEngineClient;

  before(async () => {
    client = new RestEngineClient({ target: await server.start(), token: 't', defaultDeadlineMs: 5_000 });
  });
  after(async () => {
    client.close();
    await server.stop();
  });
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('reads unbatched frames in order, passes unknown fields through, and ends OK when the engine closes', async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [': keepalive\n\n', UNBATCHED]);
    });
    const stream = client.streamRunEvents({ runId: 'r 1', lastSequence: -1 });
    const events = await collect(stream);
    expect(events.map((event) => event.sequence)).to.deep.equal([0, 1, 2]);
    expect(events[1]).to.deep.include({ nodeId: 'n1', vendorField: 'kept', type: 'node.completed' });
    expect(await stream.ended).to.deep.equal({ kind: 'ok', trailers: {} });
    const seen = server.seen[0];
    expect(seen?.url).to.equal('/v1/runs/r%201/events');
    expect(seen?.headers['accept']).to.equal('text/event-stream');
    expect(seen?.headers['last-event-id'], 'from the start sends no Last-Event-ID').to.equal(undefined);
    expect(seen?.headers['authorization']).to.equal('Bearer t');
  });

  it('reads event: batch frames as arrays, and sends modes, bufferMs and Last-Event-ID', async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [sseFrame('1', 'batch', DOCS.slice(0, 2)), ': keepalive\n\n', sseFrame('2', 'batch', DOCS.slice(2))]);
    });
    const events = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: 4, streamModes: ['updates', 'debug'], bufferMs: 250 }));
    expect(events.map((event) => event.type)).to.deep.equal(['run.started', 'node.completed', 'run.completed']);
    const seen = server.seen[0];
    expect(seen?.url).to.equal('/v1/runs/r1/events?streamMode=updates%2Cdebug&bufferMs=250');
    expect(seen?.headers['last-event-id']).to.equal('4');
  });

  it('sends Last-Event-ID for cursor 0 and for an invalid negative cursor, omitting it only for -1', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'validation_error', message: 'bad cursor' }));
    await client.streamRunEvents({ runId: 'r1', lastSequence: 0 }).ended;
    await client.streamRunEvents({ runId: 'r1', lastSequence: -5 }).ended;
    expect(server.seen.map((seen) => seen.headers['last-event-id'])).to.deep.equal(['0', '-5']);
  });

  it('gives the same events however the body is split into chunks', async () => {
    const body = `: hello\n\n${sseFrame('0', 'run.started', DOCS[0])}${sseFrame('2', 'batch', DOCS.slice(1))}`;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), body.length];
        const chunks = points.slice(1).map((end, index) => body.slice(points[index], end));
        server.handle((_request, response) => {
          startSse(response);
          void writeChunks(response, chunks);
        });
        const events = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: -1 }));
        expect(events.map((event) => event.sequence)).to.deep.equal([0, 1, 2]);
      }),
      { numRuns: 25 },
    );
  });

  it('an HTTP error before the stream starts ends it with the mapped RpcError', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'unsupported_stream_mode', message: 'no', details: { supported: ['updates'] } }));
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1, streamModes: ['bogus'] });
    const error = await collect(stream).then(() => undefined, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(RpcError);
    expect((error as RpcError).codeName).to.equal('INVALID_ARGUMENT');
    expect((error as RpcError).httpStatus).to.equal(400);
    const end = await stream.ended;
    expect(end.kind).to.equal('error');
  });

  it("a run-event frame whose data is no RunEventDoc ends the stream with the engine's UnreadableEventError, not a suite error", async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, ['data: {"sequence":"one"}\n\n']);
    });
    const error = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: -1 })).then(() => undefined, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(UnreadableEventError);
    expect((error as Error).message).to.match(/cannot read an event: .*sequence "one"/);
  });

  it("the in-memory host's {seq, runId, type, data, timestamp} under a known event name is unreadable, naming what it lacks", async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [sseFrame('0', 'run.started', { seq: 0, runId: 'r1', type: 'run.started', data: {}, timestamp: '2026-01-01T00:00:00Z' })]);
    });
    const error = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: -1 })).then(() => undefined, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(UnreadableEventError);
    expect((error as UnreadableEventError).problem).to.match(/no integer sequence .*members: seq, runId, type, data, timestamp/);
    expect((error as UnreadableEventError).document).to.deep.include({ seq: 0 });
  });

  it('ignores an unknown event name without an id (with a notice), and comments, reading every run event around them', async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [': keepalive\n\n', 'event: acme.heartbeat\ndata: {"at":"now"}\n\n', UNBATCHED, 'event: acme.heartbeat\ndata: ping\n\n']);
    });
    const notices: string[] = [];
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { onNotice: (message) => notices.push(message) });
    expect((await collect(stream)).map((event) => event.sequence)).to.deep.equal([0, 1, 2]);
    expect(await stream.ended).to.deep.equal({ kind: 'ok', trailers: {} });
    expect(notices).to.have.length(2);
    expect(notices[0]).to.match(/ignored an SSE frame of unknown event name "acme.heartbeat"/);
  });

  it('cancel() disconnects: the stream ends cancelled and the engine sees the connection close', async () => {
    let closed: Promise<void> = Promise.resolve();
    server.handle((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      startSse(response);
      response.write(sseFrame('0', 'run.started', DOCS[0]));
    });
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.sequence).to.equal(0);
    stream.cancel();
    expect(await stream.ended).to.deep.equal({ kind: 'cancelled' });
    await closed;
  });

  it('an abort signal cancels the stream', async () => {
    server.handle((_request, response) => startSse(response));
    const controller = new AbortController();
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await stream.ended).to.deep.equal({ kind: 'cancelled' });
  });

  it("a stream still open at the suite's deadline ends with DEADLINE_EXCEEDED", async () => {
    server.handle((_request, response) => {
      startSse(response);
      response.write(sseFrame('0', 'run.started', DOCS[0]));
    });
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { deadlineMs: 200 });
    const end = await stream.ended;
    expect(end.kind).to.equal('error');
    expect(end.kind === 'error' && end.error instanceof RpcError ? end.error.codeName : '').to.equal('DEADLINE_EXCEEDED');
  });
});
