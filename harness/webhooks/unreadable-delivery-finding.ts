import { WireSchemaViolation } from '../verdicts/outcome-errors.js';

/** The requirement that owns the delivery body's shape (webhooks.md §Delivery body). */
export const DELIVERY_BODY_OWNER = 'webhook.delivery-carries-run-event';

/**
 * Webhook deliveries that arrived but cannot be read as the spec's delivery ({runId, workspaceId,
 * event}, or the X-openwop-Event-Type header). Like an unreadable event (UnreadableEventError) it
 * is the engine's bytes, charged to the body's owner whichever check saw it, through the same
 * collector path as a schema violation; the check that saw it blocks, naming the owner.
 */
export class UnreadableDeliveryFinding extends WireSchemaViolation {
  override readonly findingLabel = 'webhook delivery finding';
  override readonly findingExpectation = '{runId, workspaceId, event: RunEventDoc}';
  readonly #text: string;

  constructor(shape: string) {
    super({ requirementId: DELIVERY_BODY_OWNER, rpc: 'RegisterWebhook', schemaName: 'the delivery body', issues: [], subject: 'a webhook delivery' });
    this.message = shape;
    this.#text = shape;
  }

  /** One finding per run, however many checks saw the deliveries. */
  override findingKeys(): { key: string; text: string }[] {
    return [{ key: 'unreadable-delivery', text: this.#text }];
  }
}
