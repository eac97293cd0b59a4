/**
 * The HTTP statuses the spec allows for each envelope `error` code, read from the REST side:
 * protocol-digest §4 (the v2 registry's status per code, which v1 leaves open), §1.4 (the codes v1
 * leaves unmapped, with their HTTP status), §2 (per-operation errors) and §6 (auth). Where two
 * sources disagree every status they name is allowed, so a code maps to a set, never one status.
 * A code absent here (a vendor code, or one the spec gives no status for) cannot be judged.
 */
export const HTTP_STATUSES_BY_ENVELOPE_CODE: Readonly<Record<string, readonly number[]>> = {
  // §4 v2 registry: 400. 413 Content Too Large (RFC 9110 §15.5.14) is allowed for a body over
  // limits.maxRequestBodyBytes: the spec names the limit but no status for it.
  validation_error: [400, 413],
  unsupported_stream_mode: [400],
  // §6 auth: a missing, unknown, revoked or expired key is 401.
  unauthenticated: [401],
  key_expired: [401],
  key_revoked: [401],
  forbidden: [403],
  run_forbidden: [403],
  force_engine_version_forbidden: [403],
  not_found: [404],
  run_not_found: [404],
  workflow_not_found: [404],
  interrupt_not_found: [404],
  run_already_active: [409],
  run_terminal: [409],
  run_state_conflict: [409],
  idempotency_key_mismatch: [409],
  // Legacy spellings of idempotency_key_mismatch (§1.4), tolerated until the first minor after 2026-11-10.
  idempotency_key_conflict: [409],
  idempotency_key_replay_mismatch: [409],
  idempotency_in_flight: [409],
  interrupt_already_resolved: [409],
  replay_memory_snapshot_unavailable: [409],
  interrupt_expired: [410],
  // v1 gives 422, the v2 registry 410 (§4).
  interrupt_cancelled: [410, 422],
  fork_point_invalid: [422],
  residency_unavailable: [422],
  recursion_limit_exceeded: [422],
  credential_required: [422],
  // §2 CreateRun: "capability_required, 400/404/422".
  capability_required: [400, 404, 422],
  // §4 v2 registry: 422; §1.4 unmapped list: 501 (annotations/eval).
  capability_not_provided: [422, 501],
  credential_unavailable: [501],
  client_version_unsupported: [426],
  rate_limited: [429],
  internal_error: [500],
};

/** The statuses the spec allows for an envelope code, or undefined when it gives none. */
export function specStatusesFor(errorCode: string): readonly number[] | undefined {
  return Object.hasOwn(HTTP_STATUSES_BY_ENVELOPE_CODE, errorCode) ? HTTP_STATUSES_BY_ENVELOPE_CODE[errorCode] : undefined;
}

/**
 * Statuses that say nothing about the engine's mapping: rate limiting and a gateway or engine
 * that is not serving right now (protocol-digest §1.3; README "How verdicts are decided").
 */
export const UNINFORMATIVE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export type StatusJudgement =
  | { kind: 'matches'; errorCode: string; status: number }
  | { kind: 'mismatch'; errorCode: string; status: number; allowed: readonly number[]; reason: string }
  | { kind: 'unjudgeable'; reason: string };

/** "404", "422 or 501", "400, 404 or 422". */
export function statusList(statuses: readonly number[]): string {
  const names = statuses.map(String);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Whether one error answer's HTTP status is one the spec gives for its envelope code. `allowed`
 * replaces the table's set where the operation's own rules differ (CreateRun of an unknown
 * workflow: protocol-digest §8.1).
 */
export function judgeStatus(errorCode: string, status: number, allowed: readonly number[] | undefined = specStatusesFor(errorCode)): StatusJudgement {
  if (allowed === undefined) return { kind: 'unjudgeable', reason: `the spec gives no HTTP status for envelope code ${errorCode}` };
  if (allowed.includes(status)) return { kind: 'matches', errorCode, status };
  const reason = `envelope ${errorCode} came with HTTP status ${status}; the spec maps it to ${statusList(allowed)}`;
  return { kind: 'mismatch', errorCode, status, allowed, reason };
}

/** The envelope `error` string of a response body, or undefined when the body is not an envelope-like JSON object. */
export function envelopeCodeOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'error' in parsed && typeof parsed.error === 'string'
    ? parsed.error
    : undefined;
}

/**
 * The statuses one operation may answer for an envelope code: the table's, except where the
 * operation's own rules differ. protocol-digest §8.1: an unknown workflowId on CreateRun is 400 in
 * rest-endpoints.md and 404 workflow_not_found in the reference hosts; both readings pass.
 */
export function operationStatusesFor(rpc: string, errorCode: string): readonly number[] | undefined {
  if (rpc === 'CreateRun' && errorCode === 'workflow_not_found') return [400, 404];
  return specStatusesFor(errorCode);
}
