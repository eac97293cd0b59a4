import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { isJsonObject } from '../../harness/support/json.js';
import { readRunLog } from '../../harness/waits/run-log-reader.js';
import { Fixture } from '../fixture-ids.js';
import { awaitDelivery, deliveredEvent, deliveryRunId, deliveryType, noopRun, signedDeliveries, withWebhookSession } from './webhook-session.js';

/**
 * What a delivery carries and which events are delivered (webhooks.md §Delivery body, §Filters):
 * `{runId, workspaceId, event}` with the run event verbatim, and only the registered types.
 */

export const WEBHOOK_CONTENT_CHECKS = [
  check('webhook.delivery-carries-run-event', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const registered = ['run.started', 'run.completed'];
      const endpoint = session.receiver.endpoint();
      await session.register(endpoint, registered, 'control');
      const runId = await noopRun(t);
      await awaitDelivery(t, endpoint, runId, 'run.completed', true);
      // Both registered types are in the default (updates) stream mode, so the streamed log holds
      // every event this check judges; deliveries of other types are another requirement's finding.
      const log = await readRunLog(t.client, runId, t.deadlines.fixtureCompletion(Fixture.noop), (message) => t.warn(message));
      const bySequence = new Map(log.events.map((event) => [event.sequence, event]));
      const problems: string[] = [];
      for (const delivery of signedDeliveries(endpoint).filter(
        (candidate) => deliveryRunId(candidate) === runId && registered.includes(String(deliveryType(candidate))),
      )) {
        const body = delivery.body;
        const event = deliveredEvent(delivery);
        const label = String(deliveryType(delivery));
        if (!isJsonObject(body)) {
          problems.push(`${label}: the body is not a JSON object`);
          continue;
        }
        if (body['runId'] !== runId) problems.push(`${label}: body runId is ${JSON.stringify(body['runId'] ?? null)}, not ${runId}`);
        if (!event) {
          problems.push(`${label}: the body has no event object`);
          continue;
        }
        const streamed = typeof event['sequence'] === 'number' ? bySequence.get(event['sequence']) : undefined;
        // An engine that refuses the -1 cursor is read from 0, so event 0 cannot be compared (run-log-reader.ts).
        if (!streamed && event['sequence'] === 0 && !bySequence.has(0) && log.events.length > 0) {
          t.warn(`${label}: delivered event 0 could not be compared, the stream was read without it`);
          continue;
        }
        if (!streamed) {
          problems.push(`${label}: event sequence ${JSON.stringify(event['sequence'] ?? null)} is not in the run's streamed log`);
          continue;
        }
        for (const field of ['eventId', 'runId', 'type'] as const) {
          if (event[field] !== streamed[field])
            problems.push(`${label}: event ${field} ${JSON.stringify(event[field] ?? null)} differs from the streamed ${JSON.stringify(streamed[field])}`);
        }
      }
      t.assertNone(problems, 'delivery bodies that do not carry the run event', '{runId: <the run>, event: <the RunEventDoc as streamed>}');
    });
  }),

  check('webhook.delivery-only-registered-types', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const registered = ['run.completed'];
      const endpoint = session.receiver.endpoint();
      await session.register(endpoint, registered, 'control');
      const runId = await noopRun(t);
      // The registered type arriving is also the positive half of the requirement.
      await awaitDelivery(t, endpoint, runId, 'run.completed', true);
      t.assert.isAbove(signedDeliveries(endpoint).length, 0, 'deliveries of the registered type');
      const unregistered = signedDeliveries(endpoint)
        .map((delivery) => String(deliveryType(delivery)))
        .filter((type) => !registered.includes(type));
      t.assertNone(
        unregistered.map((type) => `${type} was delivered but not registered`),
        `deliveries to a subscription for ${registered.join(', ')} only`,
        `only ${registered.join(', ')}`,
      );
    });
  }),
];
