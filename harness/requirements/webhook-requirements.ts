import type { Requirement } from './requirement.js';

/**
 * Webhook subscriptions and signed deliveries (webhooks.md v1.2; protocol-digest §2;
 * runs-events-digest §6), gated on `webhooks.supported`. Deliveries come from runs of
 * conformance-noop to the suite's own receiver (`--webhook-host`/`--webhook-port`). An engine that
 * refuses the receiver's loopback URL for SSRF safety leaves these blocked, naming the test-mode
 * switch it needs, never failed.
 */
export const WEBHOOKS_GATE = [{ path: 'webhooks.supported', test: 'true' as const }];
const LOOPBACK_LENIENCY =
  "An engine may refuse loopback or private receiver URLs for SSRF safety (webhooks.md): such a refusal blocks the requirement with the reason (enable the engine's test mode for loopback URLs, or give --webhook-host an address it accepts); it never fails it.";

export const WEBHOOK_REQUIREMENTS: Requirement[] = [
  {
    id: 'webhook.register-returns-id',
    title: 'RegisterWebhook with a receiver URL and event types answers a webhook id (with or without a client secret)',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook'],
    specRef: 'openapi.yaml registerWebhook (201 {webhookId}); webhooks.md §Register',
    gate: WEBHOOKS_GATE,
    leniency: `${LOOPBACK_LENIENCY} The registration follows webhooks.md's flow (no client secret; the host issues one); an engine that refuses it INVALID_ARGUMENT (reading openapi.yaml's client-supplied secret) is registered with a secret instead, and the reading seen is recorded. Extra reply fields (webhooks.md's secret and secretFingerprint) are accepted.`,
  },
  {
    id: 'webhook.delivery-signature-valid',
    title: 'Every delivery carries X-openwop-Signature: sha256=<hex> equal to HMAC-SHA256(secret, "{timestamp}.{rawBody}")',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'CreateRun'],
    specRef: 'webhooks.md §Delivery, §Verification (X-openwop-Signature, X-openwop-Signature-Algorithm v1)',
    gate: WEBHOOKS_GATE,
    fixtures: ['conformance-noop'],
    leniency: `${LOOPBACK_LENIENCY} The receiver answers 500 to the first delivery once: a retry is accepted if it is signed the same way, and a repeated delivery of one event is only a warning (webhooks.md leaves de-duplication to receivers).`,
  },
  {
    id: 'webhook.delivery-timestamp-current',
    title: "Every delivery's X-openwop-Timestamp is within ±300 s of the receiver's clock",
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'CreateRun'],
    specRef: 'webhooks.md §Verification (timestamp within ±300 s)',
    gate: WEBHOOKS_GATE,
    fixtures: ['conformance-noop'],
    leniency: LOOPBACK_LENIENCY,
  },
  {
    id: 'webhook.delivery-carries-run-event',
    title: "A delivery body is {runId, event} with the run's id and the run event verbatim",
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'CreateRun', 'StreamRunEvents'],
    specRef: 'webhooks.md §Delivery body ({runId, workspaceId, event: RunEventDoc})',
    gate: WEBHOOKS_GATE,
    fixtures: ['conformance-noop'],
    leniency: `${LOOPBACK_LENIENCY} workspaceId is not required (openapi.yaml and webhooks.md disagree on tenancy fields).`,
  },
  {
    id: 'webhook.delivery-only-registered-types',
    title: 'Deliveries carry only the event types the subscription registered, and a registered type is delivered',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'CreateRun'],
    specRef: 'webhooks.md §Filters (events)',
    gate: WEBHOOKS_GATE,
    fixtures: ['conformance-noop'],
    leniency: LOOPBACK_LENIENCY,
  },
  {
    id: 'webhook.unregister-stops-delivery',
    title: 'After UnregisterWebhook, a new run produces no delivery to that subscription',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'UnregisterWebhook', 'CreateRun'],
    specRef: 'webhooks.md §Unregister (DELETE /v1/webhooks/{id} → 204); openapi.yaml unregisterWebhook',
    gate: WEBHOOKS_GATE,
    fixtures: ['conformance-noop'],
    leniency: LOOPBACK_LENIENCY,
  },
  {
    id: 'webhook.unregister-unknown-not-found',
    title: 'UnregisterWebhook of an unknown webhook id is NOT_FOUND with an envelope',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['UnregisterWebhook'],
    specRef: 'openapi.yaml unregisterWebhook (404); protocol-digest §1.4 (not_found → NOT_FOUND)',
    gate: WEBHOOKS_GATE,
    leniency: `${LOOPBACK_LENIENCY} The spec pins the 404 status, not an envelope code: not_found, webhook_not_found and subscription_not_found (the upstream suite's) pass, any other code with NOT_FOUND passes with a warning.`,
  },
  {
    id: 'webhook.register-invalid-url-rejected',
    title: 'RegisterWebhook with a URL that is not an absolute URL is INVALID_ARGUMENT',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook'],
    specRef: 'openapi.yaml registerWebhook (url: uri; 400); protocol-digest §1.4 (validation_error → INVALID_ARGUMENT)',
    gate: WEBHOOKS_GATE,
    leniency: `${LOOPBACK_LENIENCY} Envelope codes validation_error and webhook_url_rejected (v2) are both accepted.`,
  },
  {
    id: 'webhook.register-ssrf-unsafe-url-rejected',
    title:
      "RegisterWebhook refuses https URLs of private (RFC 1918), link-local, IPv6 unique-local and cloud-metadata hosts; an engine that refuses the suite's own receiver also refuses loopback, localhost and plain-http URLs",
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook', 'UnregisterWebhook'],
    specRef:
      'webhooks.md §Security / SSRF protection ("MUST validate subscription URLs at registration time and reject" non-https, RFC 1918, loopback, link-local, ULA, metadata, localhost); §Register (url MUST be https)',
    gate: WEBHOOKS_GATE,
    leniency:
      "The suite's receiver is plain http on loopback (or at --webhook-host), and the webhook area needs the engine to accept it, which the spec's list forbids: an engine that accepts it (its test mode) is not judged on the receiver's own host class nor on plain http (the suite asked for them), with a warning; one that refuses it is judged on loopback, localhost and plain http too. The spec names no status: INVALID_ARGUMENT (400) or FAILED_PRECONDITION (422), with any envelope code (validation_error and webhook_url_rejected are canonical). Names are probed as written; the suite registers these URLs only, removes any accepted one at once, and never sends them traffic.",
  },
  {
    id: 'webhook.register-empty-events-rejected',
    title: 'RegisterWebhook with no event types is INVALID_ARGUMENT',
    level: 'MUST',
    area: 'webhook',
    rpcs: ['RegisterWebhook'],
    specRef: 'webhooks.md §Register (events non-empty; an empty array is 400)',
    gate: WEBHOOKS_GATE,
    leniency: LOOPBACK_LENIENCY,
  },
];
