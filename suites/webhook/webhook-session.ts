import { DELIVERY_BODY_OWNER, UnreadableDeliveryFinding } from '../../harness/webhooks/unreadable-delivery-finding.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { JsonObject } from '../../harness/support/json.js';
import { isJsonObject } from '../../harness/support/json.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import type { EndpointOptions, ReceiverEndpoint, WebhookDelivery } from '../../harness/webhooks/webhook-receiver.js';
import { WebhookReceiver } from '../../harness/webhooks/webhook-receiver.js';
import { Fixture } from '../fixture-ids.js';

/**
 * What every webhook check shares: a receiver of its own for the check's duration, registration
 * that turns an SSRF refusal of the receiver's URL into `blocked` (naming what to change), runs of
 * conformance-noop that produce deliveries, and waits on delivery arrivals (webhooks.md;
 * runs-events-digest §6).
 */

/** The spec states no delivery latency; the suite's bound blocks, never fails. */
const DELIVERY_WAIT_MS = 10_000;

export interface WebhookSession {
  receiver: WebhookReceiver;
  /** Registers an endpoint's URL; `role` says whether the call is the check's subject or a control. */
  register(endpoint: ReceiverEndpoint, eventTypes: string[], role: 'subject' | 'control'): Promise<string>;
}

/** Runs `body` with a receiver bound where the user said, closing it and removing subscriptions afterwards. */
export async function withWebhookSession(t: TestContext, body: (session: WebhookSession) => Promise<void>): Promise<void> {
  let receiver: WebhookReceiver;
  try {
    receiver = await WebhookReceiver.start(t.webhookReceiver);
  } catch (error) {
    throw new BlockedError(
      `the suite's webhook receiver could not listen on ${t.webhookReceiver.host}:${t.webhookReceiver.port} (${error instanceof Error ? error.message : String(error)}); choose another --webhook-host/--webhook-port`,
    );
  }
  const registered: string[] = [];
  const session: WebhookSession = {
    receiver,
    async register(endpoint, eventTypes, role) {
      let webhookId: string;
      try {
        ({ webhookId } = await t.client.registerWebhook({ url: endpoint.url, eventTypes, secret: endpoint.secret }));
      } catch (error) {
        const refusal = error instanceof RpcError ? loopbackRefusal(error, endpoint.url) : undefined;
        if (refusal) throw new BlockedError(refusal);
        if (role === 'control' && error instanceof RpcError) {
          throw new BlockedError(
            `control call failed: RegisterWebhook of the receiver answered ${error.codeName} (${error.statusMessage}); that is webhook.register-returns-id's finding`,
          );
        }
        throw error;
      }
      if (webhookId) registered.push(webhookId);
      return webhookId;
    },
  };
  try {
    await body(session);
  } finally {
    for (const webhookId of registered) {
      try {
        await t.client.unregisterWebhook({ webhookId }, { deadlineMs: 2_000 });
      } catch {
        // Cleanup never decides a verdict; a check that unregistered already sees NOT_FOUND here.
      }
    }
    await receiver.close();
  }
}

/**
 * Words a refusal of the receiver URL itself is recognised by, in the envelope or status message:
 * SSRF protection (loopback, private addresses) or the https-only rule, both of which webhooks.md
 * asks of production engines while the suite's receiver serves http on loopback.
 */
const URL_REFUSAL_WORDS = /ssrf|loopback|localhost|private|link-local|internal address|url_rejected|https/i;

/**
 * webhooks.md lets an engine refuse loopback and private URLs, and plain http, at registration
 * (400 validation_error, v2 webhook_url_rejected). Such a refusal of the receiver's URL says
 * nothing about the requirement under test: it blocks, quoting the engine (which may name its
 * test-mode switch).
 */
export function loopbackRefusal(error: RpcError, url: string): string | undefined {
  const refusalCodes: number[] = [GrpcCode.INVALID_ARGUMENT, GrpcCode.FAILED_PRECONDITION, GrpcCode.PERMISSION_DENIED];
  if (!refusalCodes.includes(error.code)) return undefined;
  const said = `${error.statusMessage} ${JSON.stringify(error.envelope ?? null)}`;
  if (error.envelopeCode !== 'webhook_url_rejected' && !URL_REFUSAL_WORDS.test(said)) return undefined;
  return `the engine refused the suite's receiver URL ${url} for SSRF safety or its https-only rule (${error.codeName} ${error.envelopeCode ?? ''}: ${error.statusMessage}); enable the engine's test mode for http loopback webhook URLs, or run the receiver on an address it accepts with --webhook-host/--webhook-port`;
}

/** The run event a delivery carries, read from its body (`event`); undefined when the body has none. */
export function deliveredEvent(delivery: WebhookDelivery): JsonObject | undefined {
  const body = delivery.body;
  return isJsonObject(body) && isJsonObject(body['event']) ? body['event'] : undefined;
}

/** The run a delivery is about: the event's runId, else the body's. */
export function deliveryRunId(delivery: WebhookDelivery): unknown {
  const event = deliveredEvent(delivery);
  return event?.['runId'] ?? (isJsonObject(delivery.body) ? delivery.body['runId'] : undefined);
}

/** The event type a delivery carries: the event's type, else the X-openwop-Event-Type header. */
export function deliveryType(delivery: WebhookDelivery): unknown {
  return deliveredEvent(delivery)?.['type'] ?? delivery.headers['x-openwop-event-type'];
}

/** Starts a conformance-noop run (the deliveries' source) and returns its id. */
export async function noopRun(t: TestContext): Promise<string> {
  const { runId } = await t.createRun({ workflowId: Fixture.noop });
  t.precondition(runId, 'CreateRun returned no run id');
  return runId;
}

/**
 * Waits for the delivery of `type` for `runId` to an endpoint. Without one by the suite's bound,
 * the check blocks: the spec states no delivery latency, so the suite cannot call it missing.
 */
export async function awaitDelivery(t: TestContext, endpoint: ReceiverEndpoint, runId: string, type: string, signedOnly = false): Promise<WebhookDelivery> {
  const deadline = t.deadlines.suite(DELIVERY_WAIT_MS, 'the spec states no webhook delivery latency; the suite waits this long');
  const delivery = await endpoint.waitFor(
    (candidate) => deliveryRunId(candidate) === runId && deliveryType(candidate) === type && (!signedOnly || candidate.signature.valid),
    deadline.ms,
  );
  if (!delivery) {
    unreadableDeliveries(t, endpoint, runId);
    const seen =
      endpoint.deliveries
        .map((entry) => `${describeType(entry)}${entry.signature.valid ? '' : ` (bad signature: ${entry.signature.problem ?? 'invalid'})`}`)
        .join(', ') || 'none';
    throw new BlockedError(
      `no ${signedOnly ? 'validly signed ' : ''}${type} delivery for run ${runId} arrived within ${deadline.ms} ms (${deadline.basis}); deliveries seen: ${seen}`,
    );
  }
  return delivery;
}

const describeType = (delivery: WebhookDelivery): string => {
  const type = deliveryType(delivery);
  return typeof type === 'string' ? type : '(no event type in body or X-openwop-Event-Type)';
};

/**
 * Deliveries arrived, but none can be read as the spec's delivery ({runId, workspaceId, event}, or
 * the X-openwop-Event-Type header): that is the engine's, never the suite's wait running out. It is
 * charged to the body's owner as a finding, whichever check saw it; the check that saw it blocks.
 */
function unreadableDeliveries(t: TestContext, endpoint: ReceiverEndpoint, runId: string): void {
  const unreadable = endpoint.deliveries.filter((entry) => typeof deliveryType(entry) !== 'string' || deliveryRunId(entry) === undefined);
  const first = unreadable[0];
  if (!first) return;
  const members = isJsonObject(first.body) ? Object.keys(first.body).join(', ') || 'none' : `not a JSON object (${typeof first.body})`;
  const shape = `${unreadable.length} of ${endpoint.deliveries.length} deliveries cannot be read as a delivery {runId, workspaceId, event} (first body's members: ${members}; X-openwop-Event-Type ${first.headers['x-openwop-event-type'] === undefined ? 'absent' : 'present'})`;
  t.reportFinding(new UnreadableDeliveryFinding(`${shape}, so no delivery of run ${runId} could be identified`));
  throw new BlockedError(`the engine's webhook deliveries cannot be read (see ${DELIVERY_BODY_OWNER}): ${shape}`);
}

/** Deliveries that count as evidence: a badly signed one is never accepted (webhook.delivery-signature-valid fails it). */
export function signedDeliveries(endpoint: ReceiverEndpoint): WebhookDelivery[] {
  return endpoint.deliveries.filter((delivery) => delivery.signature.valid);
}

export type { EndpointOptions };
