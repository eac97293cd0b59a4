import { createHmac } from 'node:crypto';
import { assert } from 'chai';
import { expectedSignature, timestampSkewSeconds, verifySignature } from '../harness/webhooks/webhook-signature.js';
import type { ReceiverEndpoint } from '../harness/webhooks/webhook-receiver.js';
import { WebhookReceiver } from '../harness/webhooks/webhook-receiver.js';

/** A known vector, computed independently (Python hmac/hashlib) over "{timestamp}.{rawBody}". */
const VECTOR = {
  secret: 'whsec-known-vector',
  timestamp: '1700000000',
  rawBody: '{"runId":"run_1","workspaceId":"default","event":{"type":"run.completed"}}',
  signature: 'sha256=6d9d41c10fbf7cbb0e5c009efcb99763bb9f202619a955b55c6ad1f7700dcaf7',
};

const headersFor = (secret: string, timestamp: string, rawBody: string): Record<string, string> => ({
  'content-type': 'application/json',
  'x-openwop-timestamp': timestamp,
  'x-openwop-signature': expectedSignature(secret, timestamp, rawBody),
  'x-openwop-signature-algorithm': 'v1',
});

async function post(endpoint: ReceiverEndpoint, headers: Record<string, string>, rawBody: string): Promise<number> {
  const response = await fetch(endpoint.url, { method: 'POST', headers, body: rawBody });
  await response.arrayBuffer();
  return response.status;
}

describe('webhook signature verification', () => {
  it('matches the known HMAC-SHA256 vector over "{timestamp}.{rawBody}"', () => {
    assert.strictEqual(expectedSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.rawBody), VECTOR.signature);
    const headers = { 'x-openwop-timestamp': VECTOR.timestamp, 'x-openwop-signature': VECTOR.signature };
    assert.deepEqual(verifySignature(VECTOR.secret, headers, VECTOR.rawBody), { valid: true });
  });

  it('rejects a signature over the body alone, a wrong secret, a missing timestamp and an unknown scheme, saying why', () => {
    const bodyOnly = {
      'x-openwop-timestamp': VECTOR.timestamp,
      'x-openwop-signature': `sha256=${createHmac('sha256', VECTOR.secret).update(VECTOR.rawBody).digest('hex')}`,
    };
    assert.include(verifySignature(VECTOR.secret, bodyOnly, VECTOR.rawBody).problem ?? '', 'does not match');
    const otherSecret = { 'x-openwop-timestamp': VECTOR.timestamp, 'x-openwop-signature': expectedSignature('other', VECTOR.timestamp, VECTOR.rawBody) };
    assert.include(verifySignature(VECTOR.secret, otherSecret, VECTOR.rawBody).problem ?? '', 'does not match HMAC-SHA256');
    assert.include(verifySignature(VECTOR.secret, { 'x-openwop-signature': VECTOR.signature }, VECTOR.rawBody).problem ?? '', 'x-openwop-timestamp');
    const unknownScheme = { 'x-openwop-timestamp': VECTOR.timestamp, 'x-openwop-signature': VECTOR.signature, 'x-openwop-signature-algorithm': 'v9' };
    assert.include(verifySignature(VECTOR.secret, unknownScheme, VECTOR.rawBody).problem ?? '', 'unknown');
    const malformed = { 'x-openwop-timestamp': VECTOR.timestamp, 'x-openwop-signature': 'md5=abc' };
    assert.include(verifySignature(VECTOR.secret, malformed, VECTOR.rawBody).problem ?? '', 'not sha256=');
  });

  it('measures the timestamp skew against the receiver clock', () => {
    assert.strictEqual(timestampSkewSeconds({ 'x-openwop-timestamp': '1700000000' }, 1_700_000_420_000), 420);
    assert.isUndefined(timestampSkewSeconds({ 'x-openwop-timestamp': 'yesterday' }, Date.now()));
  });
});

describe('webhook receiver', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await WebhookReceiver.start({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('binds 127.0.0.1 on a free port and names it in the endpoint URL', () => {
    const endpoint = receiver.endpoint();
    assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*\/hooks\/[0-9a-f-]{36}$/);
  });

  it('accepts a correctly signed delivery and records it with its parsed body', async () => {
    const endpoint = receiver.endpoint();
    const rawBody = JSON.stringify({ runId: 'run_1', event: { runId: 'run_1', type: 'run.completed', sequence: 2 } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    assert.strictEqual(await post(endpoint, headersFor(endpoint.secret, timestamp, rawBody), rawBody), 200);
    const [delivery] = endpoint.deliveries;
    assert.isTrue(delivery?.signature.valid);
    assert.deepEqual(delivery?.body, JSON.parse(rawBody));
    assert.isAtMost(Math.abs(delivery?.timestampSkewSeconds ?? 999), 2);
  });

  it('answers 401 to a badly signed delivery and records it as invalid, never accepted', async () => {
    const endpoint = receiver.endpoint();
    const rawBody = '{"runId":"run_1"}';
    const timestamp = String(Math.floor(Date.now() / 1000));
    assert.strictEqual(await post(endpoint, headersFor('not-the-secret', timestamp, rawBody), rawBody), 401);
    assert.isFalse(endpoint.deliveries[0]?.signature.valid);
    assert.strictEqual(endpoint.deliveries[0]?.answeredStatus, 401);
  });

  it('answers 500 once to the first delivery the endpoint was told to fail, then 200', async () => {
    const endpoint = receiver.endpoint({ failOnceWhen: () => true });
    const rawBody = '{"runId":"run_1"}';
    const headers = headersFor(endpoint.secret, String(Math.floor(Date.now() / 1000)), rawBody);
    assert.strictEqual(await post(endpoint, headers, rawBody), 500);
    assert.strictEqual(await post(endpoint, headers, rawBody), 200);
    assert.deepEqual(
      endpoint.deliveries.map((delivery) => delivery.answeredStatus),
      [500, 200],
    );
  });

  it('keeps endpoints apart and answers 404 for an unknown path', async () => {
    const first = receiver.endpoint();
    const second = receiver.endpoint();
    const rawBody = '{}';
    await post(first, headersFor(first.secret, String(Math.floor(Date.now() / 1000)), rawBody), rawBody);
    assert.lengthOf(first.deliveries, 1);
    assert.lengthOf(second.deliveries, 0);
    const response = await fetch(`${receiver.baseUrl}/hooks/unknown`, { method: 'POST', body: rawBody });
    assert.strictEqual(response.status, 404);
  });

  it('waitFor resolves on the matching arrival, and with undefined once its time is up', async () => {
    const endpoint = receiver.endpoint();
    const waiting = endpoint.waitFor((delivery) => (delivery.body as { n?: number }).n === 2, 5_000);
    for (const n of [1, 2]) {
      const rawBody = JSON.stringify({ n });
      await post(endpoint, headersFor(endpoint.secret, String(Math.floor(Date.now() / 1000)), rawBody), rawBody);
    }
    assert.deepEqual((await waiting)?.body, { n: 2 });
    assert.isUndefined(await endpoint.waitFor((delivery) => (delivery.body as { n?: number }).n === 3, 20));
  });
});
