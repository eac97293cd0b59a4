import type { RequirementTest } from '../harness/runner/suite-dsl.js';
import { CAPABILITIES_DOCUMENT_CHECKS } from './discovery/capabilities-document.js';
import { FIXTURES_LIST_CHECKS } from './discovery/fixtures-list.js';
import { GRPC_ADVERTISEMENT_CHECKS } from './discovery/grpc-advertisement.js';
import { PROTOCOL_VERSION_CHECKS } from './discovery/protocol-version.js';
import { BULK_CANCEL_CHECKS } from './lifecycle/bulk-cancel.js';
import { CANCEL_RUN_CHECKS } from './lifecycle/cancel-run.js';
import { CREATE_RUN_CHECKS } from './lifecycle/create-run.js';
import { DELAY_CHECKS } from './lifecycle/delay.js';
import { FIXTURE_OUTCOME_CHECKS } from './lifecycle/fixture-outcomes.js';
import { MULTI_NODE_ORDER_CHECKS } from './lifecycle/multi-node-order.js';
import { RUN_SNAPSHOT_CHECKS } from './lifecycle/run-snapshot.js';
import { FIXTURE_DEFINITION_CHECKS } from './workflow/fixture-definitions.js';
import { UNKNOWN_WORKFLOW_CHECKS } from './workflow/unknown-workflow.js';
import { EVENT_SCHEMA_CHECKS } from './stream/event-schemas.js';
import { WEBHOOK_SSRF_CHECKS } from './webhook/ssrf-refusals.js';
import { WEBHOOK_REGISTRATION_CHECKS } from './webhook/registration.js';
import { WEBHOOK_SIGNING_CHECKS } from './webhook/delivery-signing.js';
import { WEBHOOK_CONTENT_CHECKS } from './webhook/delivery-content.js';
import { WEBHOOK_UNREGISTER_CHECKS } from './webhook/unregister-delivery.js';
import { AUDIT_VERIFICATION_CHECKS } from './audit/audit-verification.js';
import { AUDIT_RANGE_CHECKS } from './audit/invalid-range.js';
import { APPROVAL_FLOW_CHECKS } from './interrupt/approval-flow.js';
import { QUORUM_CHECKS } from './interrupt/quorum.js';
import { CLARIFICATION_CHECKS } from './interrupt/clarification.js';
import { RESOLVE_REFUSAL_CHECKS } from './interrupt/resolve-refusals.js';
import { INTERRUPT_TOKEN_CHECKS } from './interrupt/interrupt-tokens.js';
import { ARTIFACT_CONTENT_CHECKS } from './artifact/artifact-content.js';
import { ARTIFACT_REFUSAL_CHECKS } from './artifact/artifact-refusals.js';
import { STATUS_MAPPING_CHECKS } from './errors/status-mapping.js';
import { STATUS_DETAILS_CHECKS } from './errors/status-details.js';
import { UNKNOWN_METHOD_CHECKS } from './errors/unknown-method.js';
import { AUTHENTICATION_CHECKS } from './auth/authentication.js';
import { SCOPE_CHECKS } from './auth/scopes.js';
import { TENANT_ISOLATION_CHECKS } from './auth/tenant-isolation.js';
import { TENANT_BULK_CANCEL_CHECKS } from './auth/tenant-bulk-cancel.js';
import { IDEMPOTENCY_KEY_CHECKS } from './idempotency/idempotency-keys.js';
import { CONCURRENT_CREATE_CHECKS } from './idempotency/concurrent-creates.js';
import { INVALID_REQUEST_CHECKS } from './input/invalid-requests.js';
import { HOSTILE_PAYLOAD_CHECKS } from './input/hostile-payloads.js';
import { DEADLINE_CHECKS } from './input/deadlines.js';
import { SEQUENCE_ORDER_CHECKS } from './stream/sequence-order.js';
import { LIVE_DELIVERY_CHECKS } from './stream/live-delivery.js';
import { RESUME_CHECKS } from './stream/resume.js';
import { STREAM_MODE_CHECKS } from './stream/stream-modes.js';
import { MIXED_MODE_CHECKS } from './stream/mixed-modes.js';
import { BUFFERING_CHECKS } from './stream/buffering.js';
import { SUSPENDED_FLUSH_CHECKS } from './stream/suspended-flush.js';
import { MESSAGES_MODE_CHECKS } from './stream/messages-mode.js';
import { UNKNOWN_RUN_CHECKS } from './stream/unknown-run.js';
import { FORK_CHECKS } from './fork/fork-run.js';
import { FORK_REFUSAL_CHECKS } from './fork/fork-refusals.js';
import { PAUSE_CHECKS } from './pause/pause-run.js';
import { PAUSE_CONFLICT_CHECKS } from './pause/pause-conflicts.js';
import { SSE_FRAMING_CHECKS } from './rest/sse-framing.js';
import { LAST_EVENT_ID_CHECKS } from './rest/last-event-id.js';
import { ERROR_BODY_CHECKS } from './rest/error-bodies.js';
import { SUCCESS_STATUS_CHECKS } from './rest/success-statuses.js';
import { POLL_PAST_END_CHECKS } from './rest/poll-past-end.js';
import { ERROR_STATUS_CHECKS } from './rest/error-status.js';
import { CAPABILITIES_PARITY_CHECKS } from './parity/capabilities-parity.js';
import { RUN_PARITY_CHECKS } from './parity/run-parity.js';
import { ERROR_PARITY_CHECKS } from './parity/error-parity.js';
import { AUTH_PARITY_CHECKS } from './parity/auth-parity.js';
import { CORRELATION_ID_CHECKS } from './errors/correlation-id.js';
import { BULK_CANCEL_LIMIT_CHECKS } from './lifecycle/bulk-cancel-limits.js';
import { BUFFER_CLAMP_CHECKS } from './stream/buffer-clamp.js';
import { REPLAY_HEADER_CHECKS } from './idempotency/replay-header.js';
import { GET_IGNORES_KEY_CHECKS } from './idempotency/get-ignores-key.js';
import { ENDPOINT_PARTITION_CHECKS } from './idempotency/endpoint-partition.js';
import { UNVERSIONED_ROOT_CHECKS } from './rest/unversioned-root.js';
import { OPENAPI_DOCUMENT_CHECKS } from './rest/openapi-document.js';
import { SSE_BATCH_SHAPE_CHECKS } from './rest/sse-batch-shape.js';
import { STREAM_NEGOTIATION_CHECKS } from './rest/stream-negotiation.js';

/** Every check the suite has. The registry test proves each requirement has exactly one. */
export const ALL_CHECKS: readonly RequirementTest[] = [
  ...CAPABILITIES_DOCUMENT_CHECKS,
  ...PROTOCOL_VERSION_CHECKS,
  ...GRPC_ADVERTISEMENT_CHECKS,
  ...FIXTURES_LIST_CHECKS,
  ...FIXTURE_DEFINITION_CHECKS,
  ...UNKNOWN_WORKFLOW_CHECKS,
  ...CREATE_RUN_CHECKS,
  ...RUN_SNAPSHOT_CHECKS,
  ...FIXTURE_OUTCOME_CHECKS,
  ...MULTI_NODE_ORDER_CHECKS,
  ...DELAY_CHECKS,
  ...CANCEL_RUN_CHECKS,
  ...BULK_CANCEL_CHECKS,
  ...BULK_CANCEL_LIMIT_CHECKS,
  ...EVENT_SCHEMA_CHECKS,
  ...WEBHOOK_REGISTRATION_CHECKS,
  ...WEBHOOK_SSRF_CHECKS,
  ...WEBHOOK_SIGNING_CHECKS,
  ...WEBHOOK_CONTENT_CHECKS,
  ...WEBHOOK_UNREGISTER_CHECKS,
  ...AUDIT_VERIFICATION_CHECKS,
  ...AUDIT_RANGE_CHECKS,
  ...APPROVAL_FLOW_CHECKS,
  ...QUORUM_CHECKS,
  ...CLARIFICATION_CHECKS,
  ...RESOLVE_REFUSAL_CHECKS,
  ...INTERRUPT_TOKEN_CHECKS,
  ...ARTIFACT_CONTENT_CHECKS,
  ...ARTIFACT_REFUSAL_CHECKS,
  ...STATUS_MAPPING_CHECKS,
  ...STATUS_DETAILS_CHECKS,
  ...UNKNOWN_METHOD_CHECKS,
  ...CORRELATION_ID_CHECKS,
  ...AUTHENTICATION_CHECKS,
  ...SCOPE_CHECKS,
  ...TENANT_ISOLATION_CHECKS,
  ...TENANT_BULK_CANCEL_CHECKS,
  ...IDEMPOTENCY_KEY_CHECKS,
  ...CONCURRENT_CREATE_CHECKS,
  ...REPLAY_HEADER_CHECKS,
  ...GET_IGNORES_KEY_CHECKS,
  ...ENDPOINT_PARTITION_CHECKS,
  ...INVALID_REQUEST_CHECKS,
  ...HOSTILE_PAYLOAD_CHECKS,
  ...DEADLINE_CHECKS,
  ...SEQUENCE_ORDER_CHECKS,
  ...LIVE_DELIVERY_CHECKS,
  ...RESUME_CHECKS,
  ...STREAM_MODE_CHECKS,
  ...MIXED_MODE_CHECKS,
  ...BUFFERING_CHECKS,
  ...SUSPENDED_FLUSH_CHECKS,
  ...MESSAGES_MODE_CHECKS,
  ...BUFFER_CLAMP_CHECKS,
  ...UNKNOWN_RUN_CHECKS,
  ...FORK_CHECKS,
  ...FORK_REFUSAL_CHECKS,
  ...PAUSE_CHECKS,
  ...PAUSE_CONFLICT_CHECKS,
  ...SSE_FRAMING_CHECKS,
  ...LAST_EVENT_ID_CHECKS,
  ...ERROR_BODY_CHECKS,
  ...SUCCESS_STATUS_CHECKS,
  ...POLL_PAST_END_CHECKS,
  ...ERROR_STATUS_CHECKS,
  ...UNVERSIONED_ROOT_CHECKS,
  ...OPENAPI_DOCUMENT_CHECKS,
  ...SSE_BATCH_SHAPE_CHECKS,
  ...STREAM_NEGOTIATION_CHECKS,
  ...CAPABILITIES_PARITY_CHECKS,
  ...RUN_PARITY_CHECKS,
  ...ERROR_PARITY_CHECKS,
  ...AUTH_PARITY_CHECKS,
];
