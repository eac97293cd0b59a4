import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { WebhookSession } from './webhook-session.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { withWebhookSession } from './webhook-session.js';

/**
 * RegisterWebhook and UnregisterWebhook requests (openapi.yaml registerWebhook/unregisterWebhook;
 * webhooks.md §Register). Each negative check first registers the receiver's own URL as a control,
 * so a refusal for a wrong reason (e.g. the receiver's loopback address) cannot pass as the
 * refusal under test.
 */

/** Event types every registration here asks for; any real type would do. */
const EVENT_TYPES = ['run.completed'];

export const WEBHOOK_REGISTRATION_CHECKS = [
  check('webhook.register-returns-id', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const endpoint = session.receiver.endpoint();
      // The spec's own flow (webhooks.md §Register): no client secret, the host issues one. An
      // engine that instead wants the client's secret (openapi.yaml's `secret?`) may refuse that
      // request; it is then registered with one. Both readings pass; the one seen is recorded.
      let webhookId: string;
      try {
        ({ webhookId } = await t.client.registerWebhook({ url: endpoint.url, eventTypes: EVENT_TYPES }));
        t.warn('RegisterWebhook without a client secret was accepted (webhooks.md: the host issues the secret)');
        if (webhookId) await t.client.unregisterWebhook({ webhookId }).catch(() => undefined);
      } catch (error) {
        if (!(error instanceof RpcError) || error.code !== GrpcCode.INVALID_ARGUMENT) throw error;
        t.warn(
          `RegisterWebhook without a client secret was refused ${error.codeName} ${error.envelopeCode ?? ''} (${error.statusMessage}); registered with one (openapi.yaml: secret?)`.replace(
            '  ',
            ' ',
          ),
        );
        webhookId = await session.register(endpoint, EVENT_TYPES, 'subject');
      }
      t.assert.isString(webhookId, 'RegisterWebhook webhookId');
      t.assert.isAbove(webhookId.length, 0, 'RegisterWebhook answers a non-empty webhookId');
    });
  }),

  check('webhook.register-invalid-url-rejected', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      await controlRegistration(t, session);
      const endpoint = session.receiver.endpoint();
      await t.expectRpcError(
        t.client.registerWebhook({ url: 'not a url', eventTypes: EVENT_TYPES, secret: endpoint.secret }, { deliberatelyInvalid: 'url that is no URI' }),
        [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error', 'webhook_url_rejected'] }],
        'RegisterWebhook with url "not a url"',
      );
    });
  }),

  check('webhook.register-empty-events-rejected', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      await controlRegistration(t, session);
      const endpoint = session.receiver.endpoint();
      await t.expectRpcError(
        t.client.registerWebhook({ url: endpoint.url, eventTypes: [], secret: endpoint.secret }),
        [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] }],
        'RegisterWebhook with no event types',
      );
    });
  }),

  check('webhook.unregister-unknown-not-found', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      // Control: UnregisterWebhook works with these credentials for a subscription that exists.
      const webhookId = await controlRegistration(t, session);
      await t.control('UnregisterWebhook of a registered webhook', t.client.unregisterWebhook({ webhookId }));
      const unknown = t.unknownId('webhook-absent');
      await t.expectRpcError(
        t.client.unregisterWebhook({ webhookId: unknown }),
        // webhooks.md §Register / Unregister pins 404 for an unknown id, not an envelope code.
        [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'webhook_not_found', 'subscription_not_found'], anyEnvelopeCode: true }],
        `UnregisterWebhook(${unknown})`,
      );
    });
  }),
];

/** Registers the receiver's own URL as a control call; blocks (never fails) when that is refused. */
async function controlRegistration(t: TestContext, session: WebhookSession): Promise<string> {
  const webhookId = await session.register(session.receiver.endpoint(), EVENT_TYPES, 'control');
  t.precondition(webhookId, 'control: RegisterWebhook of the receiver answered no webhook id');
  return webhookId;
}
