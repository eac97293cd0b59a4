import type { AcceptedError, TestContext } from '../../harness/runner/test-context.js';
import type { CallOptions, StreamRunEventsRequest } from '../../harness/transport/engine-client.js';
import { streamEndOutcome, streamEndRecord } from '../../harness/waits/stream-end-record.js';
import type { RpcName } from '../../harness/transport/rpc-names.js';
import { Fixture } from '../fixture-ids.js';

/**
 * The error-mapping table (protocol-digest §1.4; issue "RPC × provoked error class × accepted
 * status/envelope codes"). Each row provokes one error an engine can reach from outside and names
 * every answer the spec accepts. Areas that add RPCs extend the table by adding rows here; the
 * checks in this folder read the table and never name an RPC themselves.
 */

export type ErrorClass = 'unknown-id' | 'invalid-argument' | 'wrong-state' | 'missing-fixture';

export interface ErrorMappingRow {
  /** Stable label, shown in findings. */
  id: string;
  rpc: RpcName;
  provokes: ErrorClass;
  /** The answers the spec accepts. */
  accepted: readonly AcceptedError[];
  /**
   * The envelope codes of this row are not in the mapping table, so the status class is accepted
   * leniently (the HTTP-class fallback) and the status seen is recorded as a warning.
   */
  unmappedCode?: boolean;
  /** Fixtures the row needs (it is left out, with a warning, when one is not advertised). */
  fixtures?: readonly string[];
  /** A capability path that must not be advertised `false` for the row to apply. */
  requires?: string;
  /**
   * The feature behind the RPC: while this path is not advertised true, UNIMPLEMENTED with an
   * envelope is accepted too (the gRPC form of 501 for a feature the engine does not offer).
   */
  unimplementedUnlessAdvertised?: string;
  /**
   * Why REST cannot carry this request (e.g. an empty path segment is another route, a route miss):
   * the row is left out over REST with this note, since the answer would not be evidence.
   */
  restUnexpressible?: string;
  /**
   * Only a SHOULD makes refusing this request a duty (the section this names): an engine that
   * accepts it, or refuses it with another error whose own status the table gives, is a warning
   * here (input.invalid-requests-refused, a SHOULD, judges the refusal); the status of a
   * validation_error it does send is still held to the mapping.
   */
  refusalOnlyShould?: string;
  /** Sends the provoking call; resolves if the engine answered OK. */
  provoke(t: TestContext): Promise<unknown>;
}

/** 501 for an unserved feature: UNIMPLEMENTED with one of the codes engines use for it. */
export const UNIMPLEMENTED_ANSWER: AcceptedError = { code: 'UNIMPLEMENTED', envelopeCodes: ['unimplemented', 'not_implemented', 'capability_not_provided'] };

const validationError: AcceptedError = { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error'] };
const runNotFound: AcceptedError = { code: 'NOT_FOUND', envelopeCodes: ['not_found', 'run_not_found'] };
/** A 400 code the table does not map: any client-error status class a host may pick for it. */
const badRequestClass = (envelopeCodes: readonly string[]): AcceptedError[] =>
  (['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'OUT_OF_RANGE'] as const).map((code) => ({ code, envelopeCodes }));

/** The mark on a request a row sends malformed on purpose (request-recorder.ts: exempt from the request schema). */
const invalid = (why: string) => ({ deliberatelyInvalid: `errors row: ${why}` });

/**
 * Opens the stream and resolves when it ends OK; rejects with the engine's error otherwise. Once
 * the run has seen a stream not end, it is not waited for (harness/waits/stream-end-record.ts).
 */
export async function streamOutcome(t: TestContext, request: StreamRunEventsRequest, options?: CallOptions): Promise<void> {
  return streamEndOutcome(t.client, await streamEndRecord(t), request, options);
}

/** An id of 129 characters that matches the workflow id pattern: too long by exactly one. */
const overLongId = (prefix: string): string => `${prefix}-${'x'.repeat(128 - prefix.length)}`;

export const ERROR_MAPPING_ROWS: readonly ErrorMappingRow[] = [
  {
    id: 'get-workflow-unknown',
    rpc: 'GetWorkflow',
    provokes: 'missing-fixture',
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'workflow_not_found'] }],
    provoke: (t) => t.client.getWorkflow({ workflowId: t.unknownId('conformance-absent') }),
  },
  {
    id: 'get-workflow-id-too-long',
    rpc: 'GetWorkflow',
    provokes: 'invalid-argument',
    accepted: [validationError],
    refusalOnlyShould: 'openapi.yaml bounds ids to 128 characters, but no sentence makes refusing a longer one a MUST (input.invalid-requests-refused, SHOULD)',
    provoke: (t) => t.client.getWorkflow({ workflowId: overLongId('conformance') }, invalid('workflow id of 129 characters')),
  },
  {
    id: 'create-run-unknown-workflow',
    rpc: 'CreateRun',
    provokes: 'missing-fixture',
    // protocol-digest §8.1: 400 validation_error in the spec, 404 workflow_not_found in the hosts.
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['workflow_not_found', 'not_found'] }, validationError],
    provoke: (t) => t.createRun({ workflowId: t.unknownId('conformance-absent') }),
  },
  {
    id: 'create-run-no-workflow-id',
    rpc: 'CreateRun',
    provokes: 'invalid-argument',
    accepted: [validationError],
    provoke: (t) => t.createRun({ workflowId: '' }, invalid('no workflow id')),
  },
  {
    id: 'create-run-input-wrong-type',
    rpc: 'CreateRun',
    provokes: 'invalid-argument',
    fixtures: [Fixture.delay],
    accepted: [validationError],
    refusalOnlyShould:
      'rest-endpoints.md §POST /v1/runs lists "400 Bad Request — … invalid inputs" among the status codes without a MUST to refuse them (input.invalid-requests-refused, SHOULD)',
    provoke: (t) => t.createRun({ workflowId: Fixture.delay, inputs: { delayMs: 'soon' } }, invalid('delayMs of the wrong type')),
  },
  {
    id: 'create-run-idempotency-key-reused',
    rpc: 'CreateRun',
    provokes: 'wrong-state',
    fixtures: [Fixture.idempotent],
    // Legacy spellings are accepted here and reported by idempotency.mismatch-canonical-code.
    accepted: [{ code: 'ABORTED', envelopeCodes: ['idempotency_key_mismatch', 'idempotency_key_conflict', 'idempotency_key_replay_mismatch'] }],
    provoke: async (t) => {
      const idempotencyKey = t.unknownId('conformance-key');
      await t.control('CreateRun with a fresh idempotency key', t.createRun({ workflowId: Fixture.idempotent, inputs: { nonce: 'first' }, idempotencyKey }));
      return t.createRun({ workflowId: Fixture.idempotent, inputs: { nonce: 'second' }, idempotencyKey });
    },
  },
  {
    id: 'get-run-unknown',
    rpc: 'GetRun',
    provokes: 'unknown-id',
    accepted: [runNotFound],
    provoke: (t) => t.client.getRun({ runId: t.unknownId('run-absent') }),
  },
  {
    id: 'get-run-empty-id',
    rpc: 'GetRun',
    provokes: 'invalid-argument',
    accepted: [validationError],
    restUnexpressible: 'an empty run id is an empty path segment (GET /v1/runs/), another route than GetRun',
    provoke: (t) => t.client.getRun({ runId: '' }, invalid('empty run id')),
  },
  {
    id: 'cancel-run-unknown',
    rpc: 'CancelRun',
    provokes: 'unknown-id',
    accepted: [runNotFound],
    provoke: (t) => t.client.cancelRun({ runId: t.unknownId('run-absent') }),
  },
  {
    id: 'bulk-cancel-empty',
    rpc: 'BulkCancelRuns',
    provokes: 'invalid-argument',
    requires: 'runs.bulkCancel.supported',
    accepted: [validationError],
    provoke: (t) => t.client.bulkCancelRuns({ runIds: [] }, invalid('empty run id list')),
  },
  {
    id: 'stream-unknown-run',
    rpc: 'StreamRunEvents',
    provokes: 'unknown-id',
    accepted: [runNotFound],
    provoke: (t) => streamOutcome(t, { runId: t.unknownId('run-absent'), lastSequence: 0 }),
  },
  {
    id: 'stream-unsupported-mode',
    rpc: 'StreamRunEvents',
    provokes: 'invalid-argument',
    fixtures: [Fixture.noop],
    unmappedCode: true,
    accepted: badRequestClass(['unsupported_stream_mode', 'validation_error']),
    provoke: async (t) => {
      // A real run, so an engine that looks the run up first still reaches the mode check.
      const { runId } = await t.control('CreateRun conformance-noop', t.createRun({ workflowId: Fixture.noop }));
      return streamOutcome(t, { runId, lastSequence: 0, streamModes: ['conformance-no-such-mode'] }, invalid('unknown stream mode'));
    },
  },
  {
    id: 'fork-run-unknown',
    rpc: 'ForkRun',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'replay.supported',
    accepted: [runNotFound],
    provoke: (t) => t.client.forkRun({ runId: t.unknownId('run-absent'), fromSeq: 0, mode: 'replay' }),
  },
  {
    id: 'pause-run-unknown',
    rpc: 'PauseRun',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'runs.pauseResume.supported',
    accepted: [runNotFound],
    provoke: (t) => t.client.pauseRun({ runId: t.unknownId('run-absent') }),
  },
  {
    id: 'resume-run-unknown',
    rpc: 'ResumeRun',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'runs.pauseResume.supported',
    accepted: [runNotFound],
    provoke: (t) => t.client.resumeRun({ runId: t.unknownId('run-absent') }),
  },
  {
    id: 'resolve-interrupt-unknown-run',
    rpc: 'ResolveInterruptByRun',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'interrupts.supported',
    unmappedCode: true,
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'run_not_found', 'interrupt_not_found'] }],
    provoke: (t) => t.client.resolveInterruptByRun({ runId: t.unknownId('run-absent'), nodeId: 'conformance-node', resumeValue: { action: 'accept' } }),
  },
  {
    id: 'resolve-interrupt-unknown-token',
    rpc: 'ResolveInterruptByToken',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'interrupts.supported',
    unmappedCode: true,
    // [REF] unknown token → 404 interrupt_not_found; a token that is not even well-formed may be 400.
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['interrupt_not_found', 'not_found'] }, validationError],
    provoke: (t) => t.client.resolveInterruptByToken({ token: t.unknownId('conformance-token'), resumeValue: { action: 'accept' } }),
  },
  {
    id: 'inspect-interrupt-unknown-token',
    rpc: 'InspectInterruptByToken',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'interrupts.supported',
    unmappedCode: true,
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['interrupt_not_found', 'not_found'] }, validationError],
    provoke: (t) => t.client.inspectInterruptByToken({ token: t.unknownId('conformance-token') }),
  },
  {
    id: 'get-artifact-unknown',
    rpc: 'GetArtifact',
    provokes: 'unknown-id',
    // No capability gates artifacts (a required endpoint); until one is advertised, 501 is tolerated.
    unimplementedUnlessAdvertised: 'artifacts.supported',
    unmappedCode: true,
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'run_not_found', 'artifact_not_found'] }],
    provoke: (t) => t.client.getArtifact({ runId: t.unknownId('run-absent'), artifactId: t.unknownId('artifact-absent') }),
  },
  {
    id: 'register-webhook-bad-url',
    rpc: 'RegisterWebhook',
    provokes: 'invalid-argument',
    unimplementedUnlessAdvertised: 'webhooks.supported',
    unmappedCode: true,
    accepted: [{ code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error', 'webhook_url_rejected'] }],
    provoke: (t) => t.client.registerWebhook({ url: 'not a url', eventTypes: ['run.completed'] }, invalid('url that is no URI')),
  },
  {
    id: 'unregister-webhook-unknown',
    rpc: 'UnregisterWebhook',
    provokes: 'unknown-id',
    unimplementedUnlessAdvertised: 'webhooks.supported',
    unmappedCode: true,
    // webhooks.md / openapi unregisterWebhook pin 404, not a code (as webhook.unregister-unknown-not-found reads it).
    accepted: [{ code: 'NOT_FOUND', envelopeCodes: ['not_found', 'webhook_not_found', 'subscription_not_found'], anyEnvelopeCode: true }],
    provoke: (t) => t.client.unregisterWebhook({ webhookId: t.unknownId('webhook-absent') }),
  },
  {
    id: 'verify-audit-log-reversed-range',
    rpc: 'VerifyAuditLog',
    provokes: 'invalid-argument',
    unimplementedUnlessAdvertised: 'auth.auditLogIntegrity.hashChain',
    // 404 is what a host answers when the audit profile is not advertised (protocol-digest §2).
    accepted: [validationError, { code: 'NOT_FOUND', envelopeCodes: ['not_found'] }],
    refusalOnlyShould:
      "the annex (auth-profiles.md §Audit-log integrity 4) states no refusal of an inverted range; the 400 is the digest's reading only (audit.verify-invalid-range-rejected warns the same way)",
    provoke: (t) => t.client.verifyAuditLog({ fromSeq: 5, toSeq: 1 }, invalid('fromSeq > toSeq')),
  },
];
