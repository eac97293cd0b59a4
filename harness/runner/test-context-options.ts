import type { WireSchemaViolation } from '../verdicts/outcome-errors.js';
import type { AssertionCounter } from '../verdicts/counting-assert.js';
import type { Deadlines } from '../waits/deadlines.js';
import type { EngineClient } from '../transport/engine-client.js';
import type { JsonObject } from '../support/json.js';
import type { Requirement } from '../requirements/requirement.js';
import type { EvidenceCall } from '../verdicts/evidence.js';
import type { GrpcCodeName } from '../transport/rpc-names.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { ReceiverBinding } from '../webhooks/webhook-receiver.js';
import type { Surface } from '../transport/peer-client.js';

/** One acceptable way for an engine to refuse a request: a status code and the envelope codes that may go with it. */
export interface AcceptedError {
  code: GrpcCodeName;
  envelopeCodes: readonly string[];
  /**
   * The spec pins only the status here, not an envelope code: any envelope code with this status
   * passes, and one outside `envelopeCodes` (the canonical ones) is a warning (issue 15, class 4).
   */
  anyEnvelopeCode?: boolean;
}

/**
 * The same engine over its other surface, for the parity area: `client` is decorated like the main
 * one (scope, rate limit, schema validation). `surface` names it, `mainSurface` the main client's,
 * as the user named them (--rest / --grpc), so differences read "grpc …, rest …".
 */
export interface PeerView {
  client: EngineClient;
  surface: Surface;
  mainSurface: Surface;
}

/** What a TestContext is built from: one object, so a new field does not shift twelve positions. */
export interface TestContextOptions {
  requirement: Requirement;
  /** The check's client: scoped, rate-limit patient and schema-validating (check-client.ts). */
  client: EngineClient;
  capabilities: JsonObject;
  deadlines: Deadlines;
  schemas: SchemaRegistry;
  /** Counts the check's assertions; a pass with none is blocked (it proves nothing). */
  counter: AssertionCounter;
  /** The check's warnings, shared with its client's listeners (rate limits, unknown fields). */
  warnings: string[];
  /** The call sent last, so a negative check can name the call it is judging. */
  lastCall?: () => EvidenceCall | undefined;
  /** Answers shared by the checks of one run (see `once`). */
  runMemo?: Map<string, Promise<unknown>>;
  /** Where a webhook check binds its receiver (`--webhook-host`/`--webhook-port`). */
  webhookReceiver?: ReceiverBinding;
  /** The limited token (--limited-token) for scope checks; never printed. */
  limitedToken?: string;
  /** Another tenant's token (--other-tenant-token) for the tenant-isolation checks; never printed. */
  otherTenantToken?: string;
  /** Charges an engine finding to the requirement that owns it, whichever check saw it (schema findings' path). */
  onFinding?: (finding: WireSchemaViolation) => void;
  /** The other surface, given to cross-surface checks only (requirement.needsPeer); see `requirePeer`. */
  peer?: PeerView;
}
