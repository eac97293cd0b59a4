import { assert } from 'chai';
import type { RunEvent } from '../../../harness/transport/engine-client.js';
import { RpcError } from '../../../harness/transport/rpc-error.js';
import { RestEngineClient } from '../../../harness/transport/rest/rest-engine-client.js';
import { readPollPage } from '../../../harness/transport/rest/poll-event-stream.js';
import { UncarriedRequestError } from '../../../harness/transport/rest/uncarried-request.js';
import { BlockedError } from '../../../harness/verdicts/outcome-errors.js';
import { runEventDoc, sendJson, StubHttpServer } from './stub-http-server.js';

describe('StreamRunEvents over the poll endpoint', () => {
  const server = new StubHttpServer();
  let client: RestEngineClient;

  before(async () => {
    client = new RestEngineClient({ target: await server.start(), defaultDeadlineMs: 5_000, events: 'poll' });
  });
  after(async () => {
    client.close();
    await server.stop();
  });
  beforeEach(() => {
    server.seen.length = 0;
  });

  it('reads both documented body shapes (protocol-digest §8.5)', () => {
    assert.deepInclude(readPollPage({ events: [], isComplete: true }), { complete: true, shape: 'isComplete' });
    assert.deepInclude(readPollPage({ runId: 'r', events: [], lastEventSeq: 3, runStatus: 'running', isTerminal: false }), {
      complete: false,
      shape: 'isTerminal',
    });
    assert.deepInclude(readPollPage({ nothing: true }), { events: undefined, shape: 'unknown' });
  });

  for (const shape of ['isComplete', 'isTerminal'] as const) {
    it(`long-polls until the run is complete (${shape} shape), advancing lastSequence past what it got`, async () => {
      const pages = [
        { events: [runEventDoc(0, 'run.started'), runEventDoc(1, 'node.completed')], done: false },
        { events: [], done: false },
        { events: [runEventDoc(2, 'run.completed')], done: true },
      ];
      server.handle((_request, response) => {
        const page = pages.shift() ?? { events: [], done: true };
        sendJson(
          response,
          200,
          shape === 'isComplete'
            ? { events: page.events, isComplete: page.done }
            : { runId: 'r1', events: page.events, lastEventSeq: 2, runStatus: 'x', isTerminal: page.done },
        );
      });
      const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 });
      const events: RunEvent[] = [];
      for await (const event of stream) events.push(event);
      assert.deepEqual(
        events.map((event) => event.sequence),
        [0, 1, 2],
      );
      assert.deepEqual(await stream.ended, { kind: 'ok', trailers: {} });
      const urls = server.seen.map((seen) => seen.url.replace(/&?timeout=\d+/, ''));
      assert.deepEqual(urls, ['/v1/runs/r1/events/poll?', '/v1/runs/r1/events/poll?lastSequence=1', '/v1/runs/r1/events/poll?lastSequence=1']);
      assert.match(server.seen[0]?.url ?? '', /timeout=\d+/);
    });
  }

  it('a resume cursor is sent as lastSequence from the first poll', async () => {
    server.handle((_request, response) => sendJson(response, 200, { events: [], isComplete: true }));
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: 7 });
    for await (const event of stream) assert.fail(`no event expected, got ${event.sequence}`);
    assert.match(server.seen[0]?.url ?? '', /^\/v1\/runs\/r1\/events\/poll\?lastSequence=7&timeout=\d+$/);
  });

  it('debug (the whole log) is read from poll; any other mode is not sent and ends the stream as uncarried', async () => {
    server.handle((_request, response) => sendJson(response, 200, { events: [runEventDoc(0, 'run.completed')], isComplete: true }));
    const debug = client.streamRunEvents({ runId: 'r1', lastSequence: -1, streamModes: ['debug'] });
    assert.deepEqual(await debug.ended, { kind: 'ok', trailers: {} });
    server.seen.length = 0;
    const updates = client.streamRunEvents({ runId: 'r1', lastSequence: -1, streamModes: ['updates'] });
    const end = await updates.ended;
    assert.instanceOf(end.kind === 'error' ? end.error : undefined, UncarriedRequestError);
    assert.instanceOf(end.kind === 'error' ? end.error : undefined, BlockedError);
    assert.lengthOf(server.seen, 0, 'nothing was sent');
  });

  it('a negative cursor other than -1 is sent as asked, not read as "from the start"', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'validation_error', message: 'lastSequence' }));
    const end = await client.streamRunEvents({ runId: 'r1', lastSequence: -2 }).ended;
    assert.strictEqual(end.kind === 'error' && end.error instanceof RpcError ? end.error.codeName : end.kind, 'INVALID_ARGUMENT');
    assert.match(server.seen[0]?.url ?? '', /lastSequence=-2/);
  });

  it('an HTTP error ends the stream with the mapped RpcError', async () => {
    server.handle((_request, response) => sendJson(response, 404, { error: 'run_not_found', message: 'no' }));
    const stream = client.streamRunEvents({ runId: 'zz', lastSequence: -1 });
    const end = await stream.ended;
    assert.strictEqual(end.kind === 'error' && end.error instanceof RpcError ? end.error.codeName : end.kind, 'NOT_FOUND');
  });

  it('cancel() stops the loop', async () => {
    server.handle(() => undefined); // a poll that never answers
    const stream = client.streamRunEvents({ runId: 'r1', lastSequence: -1 });
    setTimeout(() => stream.cancel(), 50);
    assert.deepEqual(await stream.ended, { kind: 'cancelled' });
  });
});
