import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { TIMESTAMP_TOLERANCE_SECONDS } from '../../harness/webhooks/webhook-signature.js';
import type { WebhookDelivery } from '../../harness/webhooks/webhook-receiver.js';
import { awaitDelivery, deliveredEvent, deliveryRunId, deliveryType, noopRun, signedDeliveries, withWebhookSession } from './webhook-session.js';
import { jsonText } from '../../harness/support/json.js';

/**
 * How deliveries are signed and stamped (webhooks.md §Delivery, §Verification): the HMAC over
 * "{timestamp}.{rawBody}" and a timestamp a receiver accepts (±300 s).
 */

export const WEBHOOK_SIGNING_CHECKS = [
  check('webhook.delivery-signature-valid', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      // The receiver answers 500 once, to the first run.started delivery: an engine may retry it
      // (durable mode) or drop it (best effort); either way every delivery must be signed right.
      const endpoint = session.receiver.endpoint({ failOnceWhen: (delivery) => deliveryType(delivery) === 'run.started' });
      await session.register(endpoint, ['run.started', 'run.completed'], 'control');
      const runId = await noopRun(t);
      await awaitDelivery(t, endpoint, runId, 'run.completed');
      const unsigned = endpoint.deliveries
        .filter((delivery) => !delivery.signature.valid)
        .map((delivery) => `${String(deliveryType(delivery))}: ${delivery.signature.problem ?? 'invalid'}`);
      t.assertNone(
        unsigned,
        'deliveries whose signature the receiver rejects',
        'X-openwop-Signature = sha256=hex(HMAC-SHA256(secret, "{timestamp}.{rawBody}")) on every delivery',
      );
      warnOnRepeats(t, endpoint.deliveries);
    });
  }),

  check('webhook.delivery-timestamp-current', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const endpoint = session.receiver.endpoint();
      await session.register(endpoint, ['run.started', 'run.completed'], 'control');
      const runId = await noopRun(t);
      await awaitDelivery(t, endpoint, runId, 'run.completed', true);
      const skewed = signedDeliveries(endpoint)
        .filter((delivery) => delivery.timestampSkewSeconds === undefined || Math.abs(delivery.timestampSkewSeconds) > TIMESTAMP_TOLERANCE_SECONDS)
        .map(
          (delivery) =>
            `${String(deliveryType(delivery))}: X-openwop-Timestamp ${delivery.headers['x-openwop-timestamp'] ?? '(absent)'} is ${delivery.timestampSkewSeconds === undefined ? 'not unix seconds' : `${delivery.timestampSkewSeconds} s from the receiver's clock`}`,
        );
      t.assertNone(
        skewed,
        `delivery timestamps outside ±${TIMESTAMP_TOLERANCE_SECONDS} s`,
        `unix-seconds timestamps within ±${TIMESTAMP_TOLERANCE_SECONDS} s of the receiver's clock`,
      );
    });
  }),
];

/**
 * webhooks.md has receivers de-duplicate on (webhookId, runId, sequence) and forbids nothing about
 * repeats (a durable retry repeats a delivery), so a repeat is worth a warning only.
 */
function warnOnRepeats(t: TestContext, deliveries: readonly WebhookDelivery[]): void {
  const seen = new Map<string, number>();
  for (const delivery of deliveries) {
    const key = `${String(deliveryRunId(delivery))}#${jsonText(deliveredEvent(delivery)?.['sequence'])}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const repeated = [...seen].filter(([, count]) => count > 1).map(([key, count]) => `${key} ×${count}`);
  if (repeated.length > 0) t.warn(`the engine delivered some events more than once (allowed; receivers de-duplicate): ${repeated.join(', ')}`);
}
