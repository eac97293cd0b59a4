import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { awaitDelivery, deliveryRunId, deliveryType, noopRun, withWebhookSession } from './webhook-session.js';

/**
 * After UnregisterWebhook the subscription gets nothing more (webhooks.md §Unregister). Absence is
 * judged against a companion subscription that stays registered: once the companion has received
 * the completion of two later runs, a delivery of the first of them to the removed subscription
 * would have had a whole run's time to arrive. No timer decides it.
 */

export const WEBHOOK_UNREGISTER_CHECKS = [
  check('webhook.unregister-stops-delivery', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const removed = session.receiver.endpoint();
      const companion = session.receiver.endpoint();
      const removedId = await session.register(removed, ['run.completed'], 'control');
      t.precondition(removedId, 'RegisterWebhook answered no webhook id');
      await session.register(companion, ['run.completed'], 'control');
      // Control: the subscription about to be removed does receive deliveries while registered.
      const before = await noopRun(t);
      await awaitDelivery(t, removed, before, 'run.completed');

      // The only registered event of the control run has arrived, so anything the removed
      // subscription receives from here on was sent after UnregisterWebhook (this holds even for an
      // engine that reuses run ids, which lifecycle.run-ids-unique reports on its own).
      await t.client.unregisterWebhook({ webhookId: removedId });
      const receivedBefore = removed.deliveries.length;
      const after = await noopRun(t);
      await awaitDelivery(t, companion, after, 'run.completed');
      const later = await noopRun(t);
      await awaitDelivery(t, companion, later, 'run.completed');

      const stray = removed.deliveries
        .slice(receivedBefore)
        .map((delivery) => `${String(deliveryType(delivery))} of run ${String(deliveryRunId(delivery))} was delivered after UnregisterWebhook`);
      t.assertNone(stray, 'deliveries to an unregistered webhook', 'no delivery for runs started after UnregisterWebhook');
    });
  }),
];
