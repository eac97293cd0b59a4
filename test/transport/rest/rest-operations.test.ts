import { expect } from 'chai';
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
    expect(reply.capabilities).to.deep.equal({ protocolVersion: '1.0' });
    expect(last()).to.include({ method: 'GET', url: '/.well-known/openwop' });
    expect(last().headers['authorization'], 'token: null sends no Authorization').to.equal(undefined);
    const exchange = rawExchangeOf(reply);
    expect(exchange?.httpStatus).to.equal(200);
    expect(exchange?.headers['x-engine']).to.deep.equal(['stub']);
    expect(exchange?.trailers).to.deep.equal({});
  });

  it('GetWorkflow: GET /v1/workflows/{id}, the id percent-encoded, bearer token sent', async () => {
    answer = { status: 200, body: { id: 'a/b' } };
    const reply = await client.getWorkflow({ workflowId: 'a/b c' });
    expect(reply.workflow).to.deep.equal({ id: 'a/b' });
    expect(last().url).to.equal('/v1/workflows/a%2Fb%20c');
    expect(last().headers['authorization']).to.equal('Bearer secret-token');
  });

  it('CreateRun: POST /v1/runs with the JSON body; the idempotency key goes in the Idempotency-Key header only', async () => {
    answer = { status: 201, body: { runId: 'r1', status: 'pending', extra: true } };
    const reply = await client.createRun({ workflowId: 'wf', inputs: { a: 1 }, tags: ['t'], idempotencyKey: 'k-1' }, { metadata: { 'x-openwop-conformance-case': 'case-1' } });
    expect(reply).to.deep.equal({ runId: 'r1', status: 'pending' });
    expect(rawExchangeOf(reply)?.httpStatus).to.equal(201);
    const seen = last();
    expect(seen).to.include({ method: 'POST', url: '/v1/runs' });
    expect(seen.json).to.deep.equal({ workflowId: 'wf', inputs: { a: 1 }, tags: ['t'] });
    expect(seen.headers['idempotency-key']).to.equal('k-1');
    expect(seen.headers['content-type']).to.equal('application/json');
    expect(seen.headers['x-openwop-conformance-case']).to.equal('case-1');
  });

  it('GetRun, CancelRun, BulkCancelRuns', async () => {
    answer = { status: 200, body: { runId: 'r1', status: 'running' } };
    expect((await client.getRun({ runId: 'r1' })).snapshot).to.deep.equal({ runId: 'r1', status: 'running' });
    expect(last()).to.include({ method: 'GET', url: '/v1/runs/r1' });

    answer = { status: 200, body: { runId: 'r1', status: 'cancelled', alreadyTerminal: false } };
    expect(await client.cancelRun({ runId: 'r1', reason: 'why' })).to.deep.equal({ runId: 'r1', status: 'cancelled' });
    expect(last()).to.include({ method: 'POST', url: '/v1/runs/r1/cancel' });
    expect(last().json).to.deep.equal({ reason: 'why' });

    answer = { status: 200, body: { results: [{ runId: 'r1', ok: true, status: 'cancelled' }, { runId: 'r2', ok: false, error: { error: 'run_not_found', message: 'x' } }] } };
    const bulk = await client.bulkCancelRuns({ runIds: ['r1', 'r2'] });
    expect(bulk.results).to.deep.equal([
      { runId: 'r1', ok: true, status: 'cancelled' },
      { runId: 'r2', ok: false, error: { error: 'run_not_found', message: 'x' } },
    ]);
    expect(last()).to.include({ method: 'POST', url: '/v1/runs:bulk-cancel' });
    expect(last().json).to.deep.equal({ runIds: ['r1', 'r2'] });
  });

  it('ForkRun: overlay is sent as runOptionsOverlay, the new run id is read from runId', async () => {
    answer = { status: 201, body: { runId: 'r9', sourceRunId: 'r1', mode: 'replay', status: 'pending', eventsUrl: '/v1/runs/r9/events' } };
    expect(await client.forkRun({ runId: 'r1', fromSeq: 3, mode: 'replay', overlay: { x: 1 } })).to.deep.equal({ forkedRunId: 'r9', status: 'pending' });
    expect(last()).to.include({ method: 'POST', url: '/v1/runs/r1:fork' });
    expect(last().json).to.deep.equal({ fromSeq: 3, mode: 'replay', runOptionsOverlay: { x: 1 } });
  });

  it('PauseRun and ResumeRun: 202, the timestamps kept when present', async () => {
    answer = { status: 202, body: { runId: 'r1', status: 'paused', pausedAt: '2026-01-01T00:00:00Z' } };
    expect(await client.pauseRun({ runId: 'r1', drainPolicy: 'drain' })).to.deep.equal({ runId: 'r1', status: 'paused', pausedAt: '2026-01-01T00:00:00Z' });
    expect(last()).to.include({ method: 'POST', url: '/v1/runs/r1:pause' });
    expect(last().json).to.deep.equal({ drainPolicy: 'drain' });
    answer = { status: 202, body: { runId: 'r1', status: 'running' } };
    expect(await client.resumeRun({ runId: 'r1' })).to.deep.equal({ runId: 'r1', status: 'running' });
    expect(last()).to.include({ method: 'POST', url: '/v1/runs/r1:resume' });
  });

  it('interrupts: resolve by run, resolve and inspect by token', async () => {
    answer = { status: 200, body: { runId: 'r1', nodeId: 'n 1', status: 'resolved' } };
    expect(await client.resolveInterruptByRun({ runId: 'r1', nodeId: 'n 1', resumeValue: { ok: true } })).to.deep.equal({ runId: 'r1', nodeId: 'n 1', status: 'resolved' });
    expect(last()).to.include({ method: 'POST', url: '/v1/runs/r1/interrupts/n%201' });
    expect(last().json).to.deep.equal({ resumeValue: { ok: true } });
    await client.resolveInterruptByToken({ token: 'tok.en' });
    expect(last()).to.include({ method: 'POST', url: '/v1/interrupts/tok.en' });
    answer = { status: 200, body: { kind: 'approval' } };
    expect((await client.inspectInterruptByToken({ token: 't' })).interrupt).to.deep.equal({ kind: 'approval' });
    expect(last()).to.include({ method: 'GET', url: '/v1/interrupts/t' });
  });

  it('GetArtifact: the bytes are the body, the content type is the header', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(Buffer.from([0, 1, 254, 255]));
    });
    const reply = await client.getArtifact({ runId: 'r1', artifactId: 'a1' });
    expect(reply.artifactId).to.equal('a1');
    expect(reply.contentType).to.equal('application/octet-stream');
    expect(Array.from(reply.content)).to.deep.equal([0, 1, 254, 255]);
    expect(last()).to.include({ method: 'GET', url: '/v1/runs/r1/artifacts/a1' });
    server.handle((_request, response) => sendJson(response, answer.status, answer.body));
  });

  it('webhooks: register 201, unregister DELETE 204 with no body', async () => {
    answer = { status: 201, body: { webhookId: 'w1', url: 'http://x' } };
    expect(await client.registerWebhook({ url: 'http://x', eventTypes: ['run.completed'], secret: 's' })).to.deep.equal({ webhookId: 'w1' });
    expect(last().json).to.deep.equal({ url: 'http://x', events: ['run.completed'], secret: 's' });
    answer = { status: 204, body: undefined };
    const reply = await client.unregisterWebhook({ webhookId: 'w1' });
    expect(reply).to.deep.equal({});
    expect(rawExchangeOf(reply)?.httpStatus).to.equal(204);
    expect(last()).to.include({ method: 'DELETE', url: '/v1/webhooks/w1' });
  });

  it('VerifyAuditLog: GET with fromSeq and toSeq in the query', async () => {
    answer = { status: 200, body: { valid: true } };
    expect((await client.verifyAuditLog({ fromSeq: 0, toSeq: 7 })).result).to.deep.equal({ valid: true });
    expect(last()).to.include({ method: 'GET', url: '/v1/audit/verify?fromSeq=0&toSeq=7' });
  });

  it('a 2xx body that is not JSON rejects with a decode error naming the RPC', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello');
    });
    const error = await client.getRun({ runId: 'r1' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/^GetRun: cannot decode the reply/);
    server.handle((_request, response) => sendJson(response, answer.status, answer.body));
  });

  it('rawRequest returns status, headers and the whole body', async () => {
    answer = { status: 404, body: { error: 'run_not_found', message: 'no' } };
    const raw = await client.rawRequest({ method: 'GET', path: '/v1/runs/zzz' });
    expect(raw.status).to.equal(404);
    expect(raw.headers['content-type']).to.deep.equal(['application/json']);
    expect(JSON.parse(raw.body)).to.deep.equal({ error: 'run_not_found', message: 'no' });
  });
});
