import { expect } from 'chai';
import type { RunningReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { RawEngineClient, structToJson } from '../raw-engine-client.js';
import type { JsonObject } from './rest-helpers.js';
import { RestCaller, isObject } from './rest-helpers.js';

/** Every REST operation of the reference engine: status, body shape, envelopes, auth (protocol-digest §1.2, §4, §6). */
describe('reference engine REST surface: operations', () => {
  const token = 'rest-token';
  let engine: RunningReferenceEngine;
  let rest: RestCaller;
  let anonymous: RestCaller;

  before(async () => {
    engine = await startReferenceEngine({ token, limitedToken: 'limited-token', restPort: 0, allowLoopbackWebhooks: true });
    if (!engine.restUrl) throw new Error('no REST URL');
    rest = new RestCaller(engine.restUrl, token);
    anonymous = new RestCaller(engine.restUrl);
  });
  after(async () => {
    await engine.stop();
  });

  /** Polls (long-poll, no sleeps) until an event of `type` is logged; returns it. */
  async function waitFor(runId: string, type: string): Promise<JsonObject> {
    let cursor: number | undefined;
    for (let round = 0; round < 50; round += 1) {
      const query = cursor === undefined ? '' : `&lastSequence=${cursor}`;
      const { body } = await rest.object('GET', `/v1/runs/${runId}/events/poll?timeout=5${query}`);
      const events = Array.isArray(body['events']) ? body['events'].filter(isObject) : [];
      const found = events.find((event) => event['type'] === type);
      if (found) return found;
      if (body['isComplete'] === true) break;
      cursor = Number(events.at(-1)?.['sequence'] ?? cursor ?? -1);
    }
    throw new Error(`run ${runId} logged no ${type}`);
  }

  it('serves the discovery document without a token, listing rest and the gRPC endpoint, equal to the gRPC one', async () => {
    const { status, body, headers } = await anonymous.object('GET', '/.well-known/openwop');
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.match(/^application\/json/);
    expect(headers.get('cache-control')).to.equal('public, max-age=300');
    expect(body['supportedTransports']).to.deep.equal(['rest', 'grpc']);
    expect(body['grpc']).to.include({ endpoint: engine.url, supported: true });
    const client = new RawEngineClient(engine.url);
    try {
      expect(body).to.deep.equal(structToJson((await client.call('GetCapabilities', {}))['capabilities']));
    } finally {
      client.close();
    }
  });

  it('serves workflows, creates runs 201 and reads them back; unknown ids are 404 envelopes', async () => {
    const workflow = await rest.object('GET', '/v1/workflows/conformance-noop');
    expect(workflow.status).to.equal(200);
    expect(workflow.body).to.include({ id: 'conformance-noop' });
    const missing = await rest.object('GET', '/v1/workflows/no-such-workflow');
    expect([missing.status, missing.body['error']]).to.deep.equal([404, 'workflow_not_found']);
    const created = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-identity', inputs: { payload: { n: 7 } }, tags: ['rest'] });
    expect(created.status).to.equal(201);
    const runId = String(created.body['runId']);
    expect(created.body).to.include({ eventsUrl: `/v1/runs/${runId}/events` });
    expect(created.body['status']).to.be.a('string');
    await waitFor(runId, 'run.completed');
    const snapshot = await rest.object('GET', `/v1/runs/${encodeURIComponent(runId)}`);
    expect(snapshot.status).to.equal(200);
    expect(snapshot.body).to.include({ runId, workflowId: 'conformance-identity', status: 'completed' });
    const unknown = await rest.call('GET', '/v1/runs/run_unknown');
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.match(/^application\/json/);
    expect(unknown.json).to.include({ error: 'run_not_found' });
  });

  it('honours Idempotency-Key: same body replays the run, another body is 409 idempotency_key_mismatch', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' }, headers);
    const again = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' }, headers);
    expect(again.body['runId']).to.equal(first.body['runId']);
    expect(first.headers.get('openwop-idempotent-replay')).to.equal(null);
    expect(again.headers.get('openwop-idempotent-replay')).to.equal('true');
    const other = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-identity' }, headers);
    expect([other.status, other.body['error']]).to.deep.equal([409, 'idempotency_key_mismatch']);
  });

  it('cancels (200), bulk-cancels (200 per entry), forks (201) and pauses/resumes (202)', async () => {
    const cancellable = await rest.createRun('conformance-cancellable');
    const cancelled = await rest.object('POST', `/v1/runs/${cancellable}/cancel`, { reason: 'test' });
    expect(cancelled.status).to.equal(200);
    expect(cancelled.body['runId']).to.equal(cancellable);
    const bulk = await rest.object('POST', '/v1/runs:bulk-cancel', { runIds: [cancellable, 'run_unknown'] });
    expect(bulk.status).to.equal(200);
    const results = bulk.body['results'];
    expect(results).to.be.an('array').with.length(2);
    expect(Array.isArray(results) && isObject(results[1]) ? results[1] : {}).to.include({ runId: 'run_unknown', ok: false });

    const source = await rest.createRun('conformance-multi-node');
    await waitFor(source, 'run.completed');
    const fork = await rest.object('POST', `/v1/runs/${source}:fork`, { mode: 'replay', fromSeq: 0 });
    expect(fork.status).to.equal(201);
    expect(fork.body).to.include({ sourceRunId: source, mode: 'replay', fromSeq: 0 });
    expect(fork.body['runId']).to.be.a('string').and.not.equal(source);

    const slow = await rest.createRun('conformance-delay', { delayMs: 400 });
    await waitFor(slow, 'node.started');
    const paused = await rest.object('POST', `/v1/runs/${slow}:pause`, { drainPolicy: 'immediate' });
    expect(paused.status).to.equal(202);
    expect(paused.body).to.include({ runId: slow, status: 'paused' });
    expect(paused.body['pausedAt']).to.be.a('string');
    const resumed = await rest.object('POST', `/v1/runs/${slow}:resume`, {});
    expect([resumed.status, resumed.body['status']]).to.deep.equal([202, 'running']);
    expect(resumed.body['resumedAt']).to.be.a('string');
    const conflict = await rest.object('POST', `/v1/runs/${source}:pause`, {});
    expect([conflict.status, conflict.body['error']]).to.deep.equal([409, 'run_state_conflict']);
  });

  it('resolves interrupts by run and by token, and inspects by token without a bearer token', async () => {
    const runId = await rest.createRun('conformance-approval');
    await waitFor(runId, 'interrupt.requested');
    const invalid = await rest.object('POST', `/v1/runs/${runId}/interrupts/gate`, { resumeValue: { action: 'maybe' } });
    expect([invalid.status, invalid.body['error']]).to.deep.equal([400, 'validation_error']);
    const resolved = await rest.object('POST', `/v1/runs/${runId}/interrupts/gate`, { resumeValue: { action: 'accept' } });
    expect(resolved.status).to.equal(200);
    expect(resolved.body).to.include({ runId, nodeId: 'gate' });

    const second = await rest.createRun('conformance-approval');
    await waitFor(second, 'interrupt.requested');
    const snapshot = await rest.object('GET', `/v1/runs/${second}`);
    const interrupt = snapshot.body['interrupt'];
    const interruptToken = isObject(interrupt) ? String(interrupt['interruptToken']) : '';
    const inspected = await anonymous.object('GET', `/v1/interrupts/${encodeURIComponent(interruptToken)}`);
    expect(inspected.status).to.equal(200);
    const byToken = await anonymous.object('POST', `/v1/interrupts/${encodeURIComponent(interruptToken)}`, { resumeValue: { action: 'accept' } });
    expect([byToken.status, byToken.body['runId']]).to.deep.equal([200, second]);
  });

  it('serves an artifact as its own bytes and content type, and only with a token', async () => {
    const runId = await rest.createRun('conformance-artifact');
    const created = await waitFor(runId, 'artifact.created');
    const payload = created['payload'];
    const artifactId = isObject(payload) ? String(payload['artifactId']) : '';
    const path = `/v1/runs/${runId}/artifacts/${encodeURIComponent(artifactId)}`;
    const artifact = await rest.call('GET', path);
    expect(artifact.status).to.equal(200);
    expect(artifact.headers.get('content-type')).to.be.a('string').and.not.match(/^text\/event-stream/);
    expect(artifact.text.length).to.be.above(0);
    expect((await anonymous.call('GET', path)).status).to.equal(401);
  });

  it('registers (201) and unregisters (204) webhooks, and verifies the audit log', async () => {
    const registered = await rest.object('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['run.completed'], secret: 'webhook-secret' });
    expect(registered.status).to.equal(201);
    const webhookId = String(registered.body['webhookId']);
    const removed = await rest.call('DELETE', `/v1/webhooks/${webhookId}`);
    expect([removed.status, removed.text]).to.deep.equal([204, '']);
    expect((await rest.call('DELETE', `/v1/webhooks/${webhookId}`)).status).to.equal(404);
    const verified = await rest.object('GET', '/v1/audit/verify?fromSeq=1&toSeq=2');
    expect(verified.status).to.equal(200);
    expect(verified.body).to.have.property('chainValid', true);
    expect(verified.body['checkpoints']).to.be.an('array');
    const incomplete = await rest.object('GET', '/v1/audit/verify?fromSeq=1');
    expect([incomplete.status, incomplete.body['error']]).to.deep.equal([400, 'validation_error']);
  });

  it('refuses 401 without or with a bad token (before any lookup) and 403 for a token without the scope', async () => {
    const missing = await anonymous.object('GET', '/v1/runs/run_unknown');
    expect([missing.status, missing.body['error']]).to.deep.equal([401, 'unauthenticated']);
    const bad = await new RestCaller(rest.baseUrl, 'wrong').object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    expect([bad.status, bad.body['error']]).to.deep.equal([401, 'unauthenticated']);
    const limited = new RestCaller(rest.baseUrl, 'limited-token');
    expect((await limited.object('GET', '/v1/workflows/conformance-noop')).status).to.equal(200);
    const forbidden = await limited.object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    expect([forbidden.status, forbidden.body['error']]).to.deep.equal([403, 'forbidden']);
    // A malformed body from a caller without a token is still 401 first (check order, protocol-digest §2).
    expect((await anonymous.call('POST', '/v1/runs', 'not an object')).status).to.equal(401);
  });

  it('answers unknown paths 404 in plain text, wrong methods 405 with Allow, bad bodies 400 and oversized ones 413', async () => {
    const unknown = await rest.call('GET', '/v1/nothing-here');
    expect(unknown.status).to.equal(404);
    expect(unknown.json).to.equal(undefined);
    const wrongMethod = await rest.call('PUT', '/v1/runs');
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.get('allow')).to.equal('POST');
    const malformed = await fetch(`${rest.baseUrl}/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{not json' });
    expect([malformed.status, ((await malformed.json()) as JsonObject)['error']]).to.deep.equal([400, 'validation_error']);
    const extra = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop', surprise: true });
    expect([extra.status, extra.body['error']]).to.deep.equal([400, 'validation_error']);
    const oversized = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop', inputs: { blob: 'x'.repeat(1024 * 1024 + 10) } });
    expect([oversized.status, oversized.body['error']]).to.deep.equal([413, 'validation_error']);
    expect(oversized.body['details']).to.deep.equal({ maxRequestBodyBytes: 1024 * 1024 });
  });
});
