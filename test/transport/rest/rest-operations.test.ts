import { assert } from 'chai';
import { rawExchangeOf } from '../../../harness/transport/engine-client.js';
import { RestEngineClient } from '../../../harness/transport/rest/rest-engine-client.js';
import { sendJson, StubHttpServer } from './stub-http-server.js';

/** Each RPC's REST operation: method, path, headers and body sent, and the reply read back (REST wire contract table). */
describe('RestEngineClient operations', () => {
  const server = new StubHttpServer();
  let client: RestEngineClient;
  let answer: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };

  before(async () => {
    const url = await server.start();
    client = new RestEngineClient({ target: url, token: 'secret-token', defaultDeadlineMs: 5_000 });
    server.handle((_request, response) => {
      if (answer.status === 204) {
        response.writeHead(204);
        response.end();
        return;
      }
      sendJson(response, answer.status, answer.body, answer.headers);
    });
  });
  after(async () => {
    client.close();
    await server.stop();
  });
  beforeEach(() => {
    server.seen.length = 0;
  });

  const last = () => {
    const seen = server.seen.at(-1);
    if (!seen) throw new Error('no request reached the stub');
    return { ...seen, json: seen.body === '' ? undefined : (JSON.parse(seen.body) as unknown) };
  };

  it('GetCapabilities: GET /.well-known/openwop, the document is the reply, status and headers kept', async () => {
    answer = { status: 200, body: { protocolVersion: '1.0' }, headers: { 'x-engine': 'stub' } };
    const reply = await client.getCapabilities({}, { token: null });
    assert.deepEqual(reply.capabilities, { protocolVersion: '1.0' });
    assert.include(last(), { method: 'GET', url: '/.well-known/openwop' });
    assert.strictEqual(last().headers['authorization'], undefined, 'token: null sends no Authorization');
    const exchange = rawExchangeOf(reply);
    assert.strictEqual(exchange?.httpStatus, 200);
    assert.deepEqual(exchange?.headers['x-engine'], ['stub']);
    assert.deepEqual(exchange?.trailers, {});
  });

  it('GetWorkflow: GET /v1/workflows/{id}, the id percent-encoded, bearer token sent', async () => {
    answer = { status: 200, body: { id: 'a/b' } };
    const reply = await client.getWorkflow({ workflowId: 'a/b c' });
    assert.deepEqual(reply.workflow, { id: 'a/b' });
    assert.strictEqual(last().url, '/v1/workflows/a%2Fb%20c');
    assert.strictEqual(last().headers['authorization'], 'Bearer secret-token');
  });

  it('CreateRun: POST /v1/runs with the JSON body; the idempotency key goes in the Idempotency-Key header only', async () => {
    answer = { status: 201, body: { runId: 'r1', status: 'pending', extra: true } };
    const reply = await client.createRun(
      { workflowId: 'wf', inputs: { a: 1 }, tags: ['t'], idempotencyKey: 'k-1' },
      { metadata: { 'x-openwop-conformance-case': 'case-1' } },
    );
    assert.deepEqual(reply, { runId: 'r1', status: 'pending' });
    assert.strictEqual(rawExchangeOf(reply)?.httpStatus, 201);
    const seen = last();
    assert.include(seen, { method: 'POST', url: '/v1/runs' });
    assert.deepEqual(seen.json, { workflowId: 'wf', inputs: { a: 1 }, tags: ['t'] });
    assert.strictEqual(seen.headers['idempotency-key'], 'k-1');
    assert.strictEqual(seen.headers['content-type'], 'application/json');
    assert.strictEqual(seen.headers['x-openwop-conformance-case'], 'case-1');
  });

  it('GetRun, CancelRun, BulkCancelRuns', async () => {
    answer = { status: 200, body: { runId: 'r1', status: 'running' } };
    assert.deepEqual((await client.getRun({ runId: 'r1' })).snapshot, { runId: 'r1', status: 'running' });
    assert.include(last(), { method: 'GET', url: '/v1/runs/r1' });

    answer = { status: 200, body: { runId: 'r1', status: 'cancelled', alreadyTerminal: false } };
    assert.deepEqual(await client.cancelRun({ runId: 'r1', reason: 'why' }), { runId: 'r1', status: 'cancelled' });
    assert.include(last(), { method: 'POST', url: '/v1/runs/r1/cancel' });
    assert.deepEqual(last().json, { reason: 'why' });

    answer = {
      status: 200,
      body: {
        results: [
          { runId: 'r1', ok: true, status: 'cancelled' },
          { runId: 'r2', ok: false, error: { error: 'run_not_found', message: 'x' } },
        ],
      },
    };
    const bulk = await client.bulkCancelRuns({ runIds: ['r1', 'r2'] });
    assert.deepEqual(bulk.results, [
      { runId: 'r1', ok: true, status: 'cancelled' },
      { runId: 'r2', ok: false, error: { error: 'run_not_found', message: 'x' } },
    ]);
    assert.include(last(), { method: 'POST', url: '/v1/runs:bulk-cancel' });
    assert.deepEqual(last().json, { runIds: ['r1', 'r2'] });
  });

  it('ForkRun: overlay is sent as runOptionsOverlay, the new run id is read from runId', async () => {
    answer = { status: 201, body: { runId: 'r9', sourceRunId: 'r1', mode: 'replay', status: 'pending', eventsUrl: '/v1/runs/r9/events' } };
    assert.deepEqual(await client.forkRun({ runId: 'r1', fromSeq: 3, mode: 'replay', overlay: { x: 1 } }), { forkedRunId: 'r9', status: 'pending' });
    assert.include(last(), { method: 'POST', url: '/v1/runs/r1:fork' });
    assert.deepEqual(last().json, { fromSeq: 3, mode: 'replay', runOptionsOverlay: { x: 1 } });
  });

  it('PauseRun and ResumeRun: 202, the timestamps kept when present', async () => {
    answer = { status: 202, body: { runId: 'r1', status: 'paused', pausedAt: '2026-01-01T00:00:00Z' } };
    assert.deepEqual(await client.pauseRun({ runId: 'r1', drainPolicy: 'drain' }), { runId: 'r1', status: 'paused', pausedAt: '2026-01-01T00:00:00Z' });
    assert.include(last(), { method: 'POST', url: '/v1/runs/r1:pause' });
    assert.deepEqual(last().json, { drainPolicy: 'drain' });
    answer = { status: 202, body: { runId: 'r1', status: 'running' } };
    assert.deepEqual(await client.resumeRun({ runId: 'r1' }), { runId: 'r1', status: 'running' });
    assert.include(last(), { method: 'POST', url: '/v1/runs/r1:resume' });
  });

  it('interrupts: resolve by run, resolve and inspect by token', async () => {
    answer = { status: 200, body: { runId: 'r1', nodeId: 'n 1', status: 'resolved' } };
    assert.deepEqual(await client.resolveInterruptByRun({ runId: 'r1', nodeId: 'n 1', resumeValue: { ok: true } }), {
      runId: 'r1',
      nodeId: 'n 1',
      status: 'resolved',
    });
    assert.include(last(), { method: 'POST', url: '/v1/runs/r1/interrupts/n%201' });
    assert.deepEqual(last().json, { resumeValue: { ok: true } });
    await client.resolveInterruptByToken({ token: 'tok.en' });
    assert.include(last(), { method: 'POST', url: '/v1/interrupts/tok.en' });
    answer = { status: 200, body: { kind: 'approval' } };
    assert.deepEqual((await client.inspectInterruptByToken({ token: 't' })).interrupt, { kind: 'approval' });
    assert.include(last(), { method: 'GET', url: '/v1/interrupts/t' });
  });

  it('GetArtifact: the bytes are the body, the content type is the header', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(Buffer.from([0, 1, 254, 255]));
    });
    const reply = await client.getArtifact({ runId: 'r1', artifactId: 'a1' });
    assert.strictEqual(reply.artifactId, 'a1');
    assert.strictEqual(reply.contentType, 'application/octet-stream');
    assert.deepEqual(Array.from(reply.content), [0, 1, 254, 255]);
    assert.include(last(), { method: 'GET', url: '/v1/runs/r1/artifacts/a1' });
    server.handle((_request, response) => sendJson(response, answer.status, answer.body));
  });

  it('webhooks: register 201, unregister DELETE 204 with no body', async () => {
    answer = { status: 201, body: { webhookId: 'w1', url: 'http://x' } };
    assert.deepEqual(await client.registerWebhook({ url: 'http://x', eventTypes: ['run.completed'], secret: 's' }), { webhookId: 'w1' });
    assert.deepEqual(last().json, { url: 'http://x', events: ['run.completed'], secret: 's' });
    answer = { status: 204, body: undefined };
    const reply = await client.unregisterWebhook({ webhookId: 'w1' });
    assert.deepEqual(reply, {});
    assert.strictEqual(rawExchangeOf(reply)?.httpStatus, 204);
    assert.include(last(), { method: 'DELETE', url: '/v1/webhooks/w1' });
  });

  it('VerifyAuditLog: GET with fromSeq and toSeq in the query', async () => {
    answer = { status: 200, body: { valid: true } };
    assert.deepEqual((await client.verifyAuditLog({ fromSeq: 0, toSeq: 7 })).result, { valid: true });
    assert.include(last(), { method: 'GET', url: '/v1/audit/verify?fromSeq=0&toSeq=7' });
  });

  it('a 2xx body that is not JSON rejects with a decode error naming the RPC', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello');
    });
    const error = await client.getRun({ runId: 'r1' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    assert.instanceOf(error, Error);
    assert.match(error.message, /^GetRun: cannot decode the reply/);
    server.handle((_request, response) => sendJson(response, answer.status, answer.body));
  });

  it('rawRequest returns status, headers and the whole body', async () => {
    answer = { status: 404, body: { error: 'run_not_found', message: 'no' } };
    const raw = await client.rawRequest({ method: 'GET', path: '/v1/runs/zzz' });
    assert.strictEqual(raw.status, 404);
    assert.deepEqual(raw.headers['content-type'], ['application/json']);
    assert.deepEqual(JSON.parse(raw.body), { error: 'run_not_found', message: 'no' });
  });
});
