import type { ServerResponse } from 'node:http';
import { assert } from 'chai';
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
    assert.deepEqual(
      events.map((event) => event.sequence),
      [0, 1, 2],
    );
    const second = events[1];
    assert.exists(second);
    assert.deepInclude<object>(second, { nodeId: 'n1', vendorField: 'kept', type: 'node.completed' });
    assert.deepEqual(await stream.ended, { kind: 'ok', trailers: {} });
    const seen = server.seen[0];
    assert.strictEqual(seen?.url, '/v1/runs/r%201/events');
    assert.strictEqual(seen?.headers['accept'], 'text/event-stream');
    assert.strictEqual(seen?.headers['last-event-id'], undefined, 'from the start sends no Last-Event-ID');
    assert.strictEqual(seen?.headers['authorization'], 'Bearer t');
  });

  it('reads event: batch frames as arrays, and sends modes, bufferMs and Last-Event-ID', async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [sseFrame('1', 'batch', DOCS.slice(0, 2)), ': keepalive\n\n', sseFrame('2', 'batch', DOCS.slice(2))]);
    });
    const events = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: 4, streamModes: ['updates', 'debug'], bufferMs: 250 }));
    assert.deepEqual(
      events.map((event) => event.type),
      ['run.started', 'node.completed', 'run.completed'],
    );
    const seen = server.seen[0];
    assert.strictEqual(seen?.url, '/v1/runs/r1/events?streamMode=updates%2Cdebug&bufferMs=250');
    assert.strictEqual(seen?.headers['last-event-id'], '4');
  });

  it('sends Last-Event-ID for cursor 0 and for an invalid negative cursor, omitting it only for -1', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'validation_error', message: 'bad cursor' }));
    await client.streamRunEvents({ runId: 'r1', lastSequence: 0 }).ended;
    await client.streamRunEvents({ runId: 'r1', lastSequence: -5 }).ended;
    assert.deepEqual(
      server.seen.map((seen) => seen.headers['last-event-id']),
      ['0', '-5'],
    );
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
        assert.deepEqual(
          events.map((event) => event.sequence),
          [0, 1, 2],
        );
      }),
      { numRuns: 25 },
    );
  });

  it('an HTTP error before the stream starts ends it with the mapped RpcError', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'unsupported_stream_mode', message: 'no', details: { supported: ['updates'] } }));
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1, streamModes: ['bogus'] });
    const error = await collect(stream).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, RpcError);
    assert.strictEqual(error.codeName, 'INVALID_ARGUMENT');
    assert.strictEqual(error.httpStatus, 400);
    const end = await stream.ended;
    assert.strictEqual(end.kind, 'error');
  });

  it("a run-event frame whose data is no RunEventDoc ends the stream with the engine's UnreadableEventError, not a suite error", async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, ['data: {"sequence":"one"}\n\n']);
    });
    const error = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: -1 })).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, UnreadableEventError);
    assert.match((error as Error).message, /cannot read an event: .*sequence "one"/);
  });

  it("the in-memory host's {seq, runId, type, data, timestamp} under a known event name is unreadable, naming what it lacks", async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [sseFrame('0', 'run.started', { seq: 0, runId: 'r1', type: 'run.started', data: {}, timestamp: '2026-01-01T00:00:00Z' })]);
    });
    const error = await collect(client.streamRunEvents({ runId: 'r1', lastSequence: -1 })).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, UnreadableEventError);
    assert.match(error.problem, /no integer sequence .*members: seq, runId, type, data, timestamp/);
    assert.deepInclude(error.document, { seq: 0 });
  });

  it('ignores an unknown event name without an id (with a notice), and comments, reading every run event around them', async () => {
    server.handle((_request, response) => {
      startSse(response);
      void writeChunks(response, [': keepalive\n\n', 'event: acme.heartbeat\ndata: {"at":"now"}\n\n', UNBATCHED, 'event: acme.heartbeat\ndata: ping\n\n']);
    });
    const notices: string[] = [];
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { onNotice: (message) => notices.push(message) });
    assert.deepEqual(
      (await collect(stream)).map((event) => event.sequence),
      [0, 1, 2],
    );
    assert.deepEqual(await stream.ended, { kind: 'ok', trailers: {} });
    assert.lengthOf(notices, 2);
    assert.match(notices[0] ?? '', /ignored an SSE frame of unknown event name "acme.heartbeat"/);
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
    const first = await iterator.next();
    assert.strictEqual(first.done ? undefined : first.value.sequence, 0);
    stream.cancel();
    assert.deepEqual(await stream.ended, { kind: 'cancelled' });
    await closed;
  });

  it('an abort signal cancels the stream', async () => {
    server.handle((_request, response) => startSse(response));
    const controller = new AbortController();
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    assert.deepEqual(await stream.ended, { kind: 'cancelled' });
  });

  it("a stream still open at the suite's deadline ends with DEADLINE_EXCEEDED", async () => {
    server.handle((_request, response) => {
      startSse(response);
      response.write(sseFrame('0', 'run.started', DOCS[0]));
    });
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 }, { deadlineMs: 200 });
    const end = await stream.ended;
    assert.strictEqual(end.kind, 'error');
    assert.strictEqual(end.kind === 'error' && end.error instanceof RpcError ? end.error.codeName : '', 'DEADLINE_EXCEEDED');
  });
});
