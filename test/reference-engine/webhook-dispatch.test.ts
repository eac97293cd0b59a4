import { assert } from 'chai';
import { WebhookDispatcher } from '../../fixtures/reference-engine/webhooks/webhook-dispatcher.js';
import { checkWebhookUrl } from '../../fixtures/reference-engine/webhooks/webhook-url-policy.js';
import type { RunEvent } from '../../fixtures/reference-engine/runs/run-events.js';
import type { WebhookBehaviour } from '../../fixtures/reference-engine/faults/fault-plan.js';
import { WebhookReceiver } from '../../harness/webhooks/webhook-receiver.js';

const event = (sequence: number, type: string): RunEvent => ({
  eventId: `evt_${sequence}`,
  sequence,
  runId: 'run_1',
  type,
  payload: {},
  timestamp: new Date(),
});
const dispatcher = (behaviours: WebhookBehaviour[] = [], allowLoopback = true) =>
  new WebhookDispatcher({ allowLoopback, behaviours: new Set(behaviours), version: 'test' });

describe('reference engine: webhook dispatch', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("delivers registered event types only, signed so the suite's receiver accepts them, with the run id and the event", async () => {
    const engine = dispatcher();
    const endpoint = receiver.endpoint();
    engine.register(endpoint.url, ['run.completed'], endpoint.secret);
    engine.dispatch(event(0, 'run.started'));
    engine.dispatch(event(1, 'run.completed'));
    const delivery = await endpoint.waitFor(() => true, 5_000);
    await engine.stop();
    assert.isTrue(delivery?.signature.valid, delivery?.signature.problem);
    assert.deepInclude(delivery?.body as object, { runId: 'run_1', workspaceId: 'default' });
    assert.deepEqual(
      endpoint.deliveries.map((entry) => entry.headers['x-openwop-event-type']),
      ['run.completed'],
    );
  });

  it('stops delivering after unregister, and refuses an unknown id with not_found', async () => {
    const engine = dispatcher();
    const endpoint = receiver.endpoint();
    const id = engine.register(endpoint.url, ['run.completed'], endpoint.secret);
    engine.unregister(id);
    engine.dispatch(event(1, 'run.completed'));
    await engine.stop();
    assert.lengthOf(endpoint.deliveries, 0);
    assert.throws(() => engine.unregister(id), /not_found/);
  });

  it('retries once after a 5xx under the retry variant, signed afresh', async () => {
    const engine = dispatcher(['retries-after-server-error']);
    const endpoint = receiver.endpoint({ failOnceWhen: () => true });
    engine.register(endpoint.url, ['run.completed'], endpoint.secret);
    engine.dispatch(event(1, 'run.completed'));
    await endpoint.waitFor((delivery) => delivery.answeredStatus === 200, 5_000);
    await engine.stop();
    assert.deepEqual(
      endpoint.deliveries.map((delivery) => [delivery.answeredStatus, delivery.signature.valid]),
      [
        [500, true],
        [200, true],
      ],
    );
  });

  it('validates registrations: URL, event types, secret', () => {
    const engine = dispatcher();
    assert.throws(() => engine.register('not a url', ['run.completed'], 's'), /validation_error/);
    assert.throws(() => engine.register('http://127.0.0.1:1/x', [], 's'), /validation_error/);
    assert.throws(() => engine.register('http://127.0.0.1:1/x', ['run.completed'], ''), /validation_error/);
  });

  it('refuses loopback and private URLs for SSRF safety unless test mode allows loopback', () => {
    assert.throws(() => checkWebhookUrl('http://127.0.0.1:8080/hook', false), /--allow-loopback-webhooks/);
    assert.throws(() => checkWebhookUrl('https://localhost/hook', false), /SSRF/);
    assert.throws(() => checkWebhookUrl('https://10.1.2.3/hook', true), /SSRF/);
    assert.throws(() => checkWebhookUrl('https://[::1]/hook', false), /SSRF/);
    assert.throws(() => checkWebhookUrl('http://hooks.example.com/x', false), /https/);
    assert.strictEqual(checkWebhookUrl('http://127.0.0.1:8080/hook', true).port, '8080');
    assert.strictEqual(checkWebhookUrl('https://hooks.example.com/x', false).hostname, 'hooks.example.com');
  });

  it('refuses cloud-metadata, link-local and unique-local hosts even in test mode; the SSRF faults let them through', () => {
    for (const url of ['https://metadata.google.internal/x', 'https://metadata/x', 'https://169.254.169.254/x', 'https://[fe80::1]/x', 'https://[fd00::1]/x']) {
      assert.throws(() => checkWebhookUrl(url, true), /SSRF/, url);
    }
    assert.strictEqual(checkWebhookUrl('https://10.0.0.1/x', true, { privateHosts: true }).hostname, '10.0.0.1');
    assert.strictEqual(checkWebhookUrl('http://hooks.example.com/x', false, { plainHttp: true }).protocol, 'http:');
  });
});
