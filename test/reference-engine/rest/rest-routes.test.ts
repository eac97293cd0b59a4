import { assert } from 'chai';
import type { RunningReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../../fixtures/reference-engine/index.js';
import { RawEngineClient, structToJson } from '../raw-engine-client.js';
import type { JsonObject } from './rest-helpers.js';
import { RestCaller, isObject } from './rest-helpers.js';
import { jsonText } from '../../../harness/support/json.js';

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
    assert.strictEqual(status, 200);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.strictEqual(headers.get('cache-control'), 'public, max-age=300');
    assert.deepEqual(body['supportedTransports'], ['rest', 'grpc']);
    assert.include(body['grpc'], { endpoint: engine.url, supported: true });
    const client = new RawEngineClient(engine.url);
    try {
      assert.deepEqual(body, structToJson((await client.call('GetCapabilities', {}))['capabilities']));
    } finally {
      client.close();
    }
  });

  it('serves workflows, creates runs 201 and reads them back; unknown ids are 404 envelopes', async () => {
    const workflow = await rest.object('GET', '/v1/workflows/conformance-noop');
    assert.strictEqual(workflow.status, 200);
    assert.include(workflow.body, { id: 'conformance-noop' });
    const missing = await rest.object('GET', '/v1/workflows/no-such-workflow');
    assert.deepEqual([missing.status, missing.body['error']], [404, 'workflow_not_found']);
    const created = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-identity', inputs: { payload: { n: 7 } }, tags: ['rest'] });
    assert.strictEqual(created.status, 201);
    const runId = jsonText(created.body['runId']);
    assert.include(created.body, { eventsUrl: `/v1/runs/${runId}/events` });
    assert.typeOf(created.body['status'], 'string');
    await waitFor(runId, 'run.completed');
    const snapshot = await rest.object('GET', `/v1/runs/${encodeURIComponent(runId)}`);
    assert.strictEqual(snapshot.status, 200);
    assert.include(snapshot.body, { runId, workflowId: 'conformance-identity', status: 'completed' });
    const unknown = await rest.call('GET', '/v1/runs/run_unknown');
    assert.strictEqual(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/json/);
    assert.include(unknown.json, { error: 'run_not_found' });
  });

  it('honours Idempotency-Key: same body replays the run, another body is 409 idempotency_key_mismatch', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' }, headers);
    const again = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop' }, headers);
    assert.strictEqual(again.body['runId'], first.body['runId']);
    assert.strictEqual(first.headers.get('openwop-idempotent-replay'), null);
    assert.strictEqual(again.headers.get('openwop-idempotent-replay'), 'true');
    const other = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-identity' }, headers);
    assert.deepEqual([other.status, other.body['error']], [409, 'idempotency_key_mismatch']);
  });

  it('cancels (200), bulk-cancels (200 per entry), forks (201) and pauses/resumes (202)', async () => {
    const cancellable = await rest.createRun('conformance-cancellable');
    const cancelled = await rest.object('POST', `/v1/runs/${cancellable}/cancel`, { reason: 'test' });
    assert.strictEqual(cancelled.status, 200);
    assert.strictEqual(cancelled.body['runId'], cancellable);
    const bulk = await rest.object('POST', '/v1/runs:bulk-cancel', { runIds: [cancellable, 'run_unknown'] });
    assert.strictEqual(bulk.status, 200);
    const results = bulk.body['results'];
    assert.isArray(results);
    assert.lengthOf(results as unknown[], 2);
    assert.include(Array.isArray(results) && isObject(results[1]) ? results[1] : {}, { runId: 'run_unknown', ok: false });

    const source = await rest.createRun('conformance-multi-node');
    await waitFor(source, 'run.completed');
    const fork = await rest.object('POST', `/v1/runs/${source}:fork`, { mode: 'replay', fromSeq: 0 });
    assert.strictEqual(fork.status, 201);
    assert.include(fork.body, { sourceRunId: source, mode: 'replay', fromSeq: 0 });
    assert.isString(fork.body['runId']);
    assert.notStrictEqual(fork.body['runId'], source);

    const slow = await rest.createRun('conformance-delay', { delayMs: 400 });
    await waitFor(slow, 'node.started');
    const paused = await rest.object('POST', `/v1/runs/${slow}:pause`, { drainPolicy: 'immediate' });
    assert.strictEqual(paused.status, 202);
    assert.include(paused.body, { runId: slow, status: 'paused' });
    assert.typeOf(paused.body['pausedAt'], 'string');
    const resumed = await rest.object('POST', `/v1/runs/${slow}:resume`, {});
    assert.deepEqual([resumed.status, resumed.body['status']], [202, 'running']);
    assert.typeOf(resumed.body['resumedAt'], 'string');
    const conflict = await rest.object('POST', `/v1/runs/${source}:pause`, {});
    assert.deepEqual([conflict.status, conflict.body['error']], [409, 'run_state_conflict']);
  });

  it('resolves interrupts by run and by token, and inspects by token without a bearer token', async () => {
    const runId = await rest.createRun('conformance-approval');
    await waitFor(runId, 'interrupt.requested');
    const invalid = await rest.object('POST', `/v1/runs/${runId}/interrupts/gate`, { resumeValue: { action: 'maybe' } });
    assert.deepEqual([invalid.status, invalid.body['error']], [400, 'validation_error']);
    const resolved = await rest.object('POST', `/v1/runs/${runId}/interrupts/gate`, { resumeValue: { action: 'accept' } });
    assert.strictEqual(resolved.status, 200);
    assert.include(resolved.body, { runId, nodeId: 'gate' });

    const second = await rest.createRun('conformance-approval');
    await waitFor(second, 'interrupt.requested');
    const snapshot = await rest.object('GET', `/v1/runs/${second}`);
    const interrupt = snapshot.body['interrupt'];
    const interruptToken = isObject(interrupt) ? jsonText(interrupt['interruptToken']) : '';
    const inspected = await anonymous.object('GET', `/v1/interrupts/${encodeURIComponent(interruptToken)}`);
    assert.strictEqual(inspected.status, 200);
    const byToken = await anonymous.object('POST', `/v1/interrupts/${encodeURIComponent(interruptToken)}`, { resumeValue: { action: 'accept' } });
    assert.deepEqual([byToken.status, byToken.body['runId']], [200, second]);
  });

  it('serves an artifact as its own bytes and content type, and only with a token', async () => {
    const runId = await rest.createRun('conformance-artifact');
    const created = await waitFor(runId, 'artifact.created');
    const payload = created['payload'];
    const artifactId = isObject(payload) ? jsonText(payload['artifactId']) : '';
    const path = `/v1/runs/${runId}/artifacts/${encodeURIComponent(artifactId)}`;
    const artifact = await rest.call('GET', path);
    assert.strictEqual(artifact.status, 200);
    assert.isString(artifact.headers.get('content-type'));
    assert.notMatch(artifact.headers.get('content-type'), /^text\/event-stream/);
    assert.isAbove(artifact.text.length, 0);
    assert.strictEqual((await anonymous.call('GET', path)).status, 401);
  });

  it('registers (201) and unregisters (204) webhooks, and verifies the audit log', async () => {
    const registered = await rest.object('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['run.completed'], secret: 'webhook-secret' });
    assert.strictEqual(registered.status, 201);
    const webhookId = jsonText(registered.body['webhookId']);
    const removed = await rest.call('DELETE', `/v1/webhooks/${webhookId}`);
    assert.deepEqual([removed.status, removed.text], [204, '']);
    assert.strictEqual((await rest.call('DELETE', `/v1/webhooks/${webhookId}`)).status, 404);
    const verified = await rest.object('GET', '/v1/audit/verify?fromSeq=1&toSeq=2');
    assert.strictEqual(verified.status, 200);
    assert.propertyVal(verified.body, 'chainValid', true);
    assert.typeOf(verified.body['checkpoints'], 'array');
    const incomplete = await rest.object('GET', '/v1/audit/verify?fromSeq=1');
    assert.deepEqual([incomplete.status, incomplete.body['error']], [400, 'validation_error']);
  });

  it('refuses 401 without or with a bad token (before any lookup) and 403 for a token without the scope', async () => {
    const missing = await anonymous.object('GET', '/v1/runs/run_unknown');
    assert.deepEqual([missing.status, missing.body['error']], [401, 'unauthenticated']);
    const bad = await new RestCaller(rest.baseUrl, 'wrong').object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    assert.deepEqual([bad.status, bad.body['error']], [401, 'unauthenticated']);
    const limited = new RestCaller(rest.baseUrl, 'limited-token');
    assert.strictEqual((await limited.object('GET', '/v1/workflows/conformance-noop')).status, 200);
    const forbidden = await limited.object('POST', '/v1/runs', { workflowId: 'conformance-noop' });
    assert.deepEqual([forbidden.status, forbidden.body['error']], [403, 'forbidden']);
    // A malformed body from a caller without a token is still 401 first (check order, protocol-digest §2).
    assert.strictEqual((await anonymous.call('POST', '/v1/runs', 'not an object')).status, 401);
  });

  it('answers unknown paths 404 in plain text, wrong methods 405 with Allow, bad bodies 400 and oversized ones 413', async () => {
    const unknown = await rest.call('GET', '/v1/nothing-here');
    assert.strictEqual(unknown.status, 404);
    assert.strictEqual(unknown.json, undefined);
    const wrongMethod = await rest.call('PUT', '/v1/runs');
    assert.strictEqual(wrongMethod.status, 405);
    assert.strictEqual(wrongMethod.headers.get('allow'), 'POST');
    const malformed = await fetch(`${rest.baseUrl}/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{not json' });
    assert.deepEqual([malformed.status, ((await malformed.json()) as JsonObject)['error']], [400, 'validation_error']);
    const extra = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop', surprise: true });
    assert.deepEqual([extra.status, extra.body['error']], [400, 'validation_error']);
    const oversized = await rest.object('POST', '/v1/runs', { workflowId: 'conformance-noop', inputs: { blob: 'x'.repeat(1024 * 1024 + 10) } });
    assert.deepEqual([oversized.status, oversized.body['error']], [413, 'validation_error']);
    assert.deepEqual(oversized.body['details'], { maxRequestBodyBytes: 1024 * 1024 });
  });
});
