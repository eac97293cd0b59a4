import type { EngineClient } from '../transport/engine-client.js';
import { withCheckScope } from '../transport/engine-health.js';
import { withRateLimitRetry } from '../transport/rate-limit-retry.js';
import type { RpcName } from '../transport/rpc-names.js';
import { withRestStatusAudit } from '../transport/rest/rest-status-audit.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import { createValidatingClient } from '../schemas/wire-validation.js';
import type { WireSchemaViolation } from '../verdicts/outcome-errors.js';

/**
 * Schema validation of every request and reply a check makes, with the check's id on each call
 * (`x-openwop-conformance-case`). Absent for the runner's own calls (discovery, the credentials
 * probe, the peer probe): those are not evidence about any requirement.
 */
export interface CheckValidation {
  schemas: SchemaRegistry;
  caseId: string;
  /** A violation, charged by the collector to the requirement that owns the schema. */
  onViolation(violation: WireSchemaViolation): void;
  /** Every request sent, so the check's evidence can name the call it judged. */
  onCall?(rpc: RpcName, request: unknown): void;
}

export interface CheckClientOptions {
  /** The check's (or the run's) stop signal: every call carries it, and closing the scope cancels its streams. */
  signal: AbortSignal;
  /** The longest retry-after honoured once per call; a longer one fails the call, which then blocks. */
  rateLimitWaitMs: number;
  /** Told about every honoured rate limit, and about validation warnings. */
  onWarning?: (message: string) => void;
  validation?: CheckValidation;
  /**
   * Over REST, every answer held to the status table and charged to its owner (issue 15). Only the
   * main surface is audited: the peer's answers are compared by the parity checks instead.
   */
  onStatusFinding?: (finding: WireSchemaViolation) => void;
}

export interface CheckClient {
  client: EngineClient;
  /** Cancels every stream opened through the client (the check is over). */
  close: () => void;
}

/**
 * The one place the per-check client is assembled, for either surface: the run's health-watched
 * transport → the check's scope (its abort signal, its streams) → one honoured rate limit per call
 * (a 429 says nothing about conformance) → the REST status audit → schema validation. The order
 * matters: validation sees the answer the retry settled on, and the audit sees every answer once.
 */
export function checkClient(transport: EngineClient, options: CheckClientOptions): CheckClient {
  const scope = withCheckScope(transport, options.signal);
  const patient = withRateLimitRetry(scope.client, { maxWaitMs: options.rateLimitWaitMs, ...(options.onWarning && { onRetry: options.onWarning }) });
  const audited = options.onStatusFinding && transport.transport === 'rest' ? withRestStatusAudit(patient, options.onStatusFinding) : patient;
  const validation = options.validation;
  if (!validation) return { client: audited, close: () => scope.close() };
  const warn = options.onWarning ?? ((): void => undefined);
  const client = createValidatingClient(audited, validation.schemas, {
    caseId: validation.caseId,
    listener: {
      onCall: (rpc, request) => validation.onCall?.(rpc, request),
      onViolation: (violation) => validation.onViolation(violation),
      onWarning: warn,
    },
  });
  return { client, close: () => scope.close() };
}
