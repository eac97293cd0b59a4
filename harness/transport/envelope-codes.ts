import type { GrpcCodeName } from './rpc-names.js';

/**
 * The envelope `error` code → gRPC status table of grpc-transport.md (protocol-digest §1.4), one
 * copy for the whole suite: the errors area asserts it over gRPC, and the REST client reads an HTTP
 * error's envelope through it. The retired idempotency spellings (`…_conflict`, `…_replay_mismatch`)
 * stay mapped until the first minor after 2026-11-10, as the digest says.
 */
export const GRPC_CODE_BY_ENVELOPE: Readonly<Record<string, GrpcCodeName>> = {
  unauthenticated: 'UNAUTHENTICATED',
  key_expired: 'UNAUTHENTICATED',
  key_revoked: 'UNAUTHENTICATED',
  forbidden: 'PERMISSION_DENIED',
  validation_error: 'INVALID_ARGUMENT',
  not_found: 'NOT_FOUND',
  run_not_found: 'NOT_FOUND',
  workflow_not_found: 'NOT_FOUND',
  run_already_active: 'ALREADY_EXISTS',
  idempotency_key_conflict: 'ABORTED',
  idempotency_key_mismatch: 'ABORTED',
  idempotency_key_replay_mismatch: 'ABORTED',
  recursion_limit_exceeded: 'RESOURCE_EXHAUSTED',
  rate_limited: 'RESOURCE_EXHAUSTED',
  capability_not_provided: 'FAILED_PRECONDITION',
  capability_required: 'FAILED_PRECONDITION',
  credential_required: 'FAILED_PRECONDITION',
  credential_forbidden: 'FAILED_PRECONDITION',
  credential_unavailable: 'FAILED_PRECONDITION',
  internal_error: 'INTERNAL',
};
