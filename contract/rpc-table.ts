import type { ReplyField, RequestField, RpcDescriptor } from './rpc-descriptor.js';

/**
 * The 17 RPCs of `openwop.v1.Engine`, in the order the proto declares them: the one place that
 * lists them. The suite's clients, decorators, wire contract, names and probes, and the reference
 * engine's gRPC and REST routing are all derived from this table (test/contract/rpc-table.test.ts
 * walks the proto and every derived list). Data only: each side interprets it with its own code.
 * Scopes: grpc-transport.md method → scope table; REST: the shared REST wire contract (openapi.yaml).
 */

const BOTH = ['grpc', 'rest'] as const;
const inPath = { in: 'path' } as const;
const inBody = { in: 'body' } as const;
const runIdInPath = { json: 'runId', grpc: 'run_id', kind: 'string', rest: inPath } as const satisfies RequestField;
const reasonInBody = { json: 'reason', grpc: 'reason', kind: 'optional-string', rest: inBody } as const satisfies RequestField;
const resumeValueInBody = { json: 'resumeValue', grpc: 'resume_value', kind: 'struct', rest: inBody } as const satisfies RequestField;
const runIdReply = { json: 'runId', grpc: 'run_id', kind: 'string' } as const satisfies ReplyField;
const statusReply = { json: 'status', grpc: 'status', kind: 'string' } as const satisfies ReplyField;
const interruptReply = [runIdReply, { json: 'nodeId', grpc: 'node_id', kind: 'string' }, statusReply] as const satisfies readonly ReplyField[];
/** A reply that is one protocol document: a Struct over gRPC, the whole JSON body over REST. */
const documentReply = (json: string) => [{ json, grpc: json, kind: 'struct', rest: { from: 'whole-body' } }] as const satisfies readonly ReplyField[];

export const RPC_TABLE = [
  {
    name: 'GetCapabilities',
    clientMethod: 'getCapabilities',
    streaming: false,
    access: 'public',
    scopes: [],
    mutates: false,
    surfaces: BOTH,
    request: [],
    reply: documentReply('capabilities'),
    rest: { method: 'GET', path: '/.well-known/openwop', successStatus: 200 },
    replyContract: { schema: 'capabilities', field: 'capabilities', requirementId: 'discovery.capabilities-schema-valid' },
  },
  {
    name: 'GetWorkflow',
    clientMethod: 'getWorkflow',
    streaming: false,
    access: 'token',
    scopes: ['manifest:read'],
    mutates: false,
    surfaces: BOTH,
    request: [{ json: 'workflowId', grpc: 'workflow_id', kind: 'string', rest: inPath }],
    reply: documentReply('workflow'),
    rest: { method: 'GET', path: '/v1/workflows/{workflowId}', successStatus: 200 },
    replyContract: { schema: 'workflowDefinition', field: 'workflow', requirementId: 'workflow.definition-schema-valid' },
  },
  {
    name: 'CreateRun',
    clientMethod: 'createRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:create'],
    mutates: true,
    surfaces: BOTH,
    request: [
      { json: 'workflowId', grpc: 'workflow_id', kind: 'string', rest: inBody },
      { json: 'inputs', grpc: 'inputs', kind: 'struct', rest: inBody },
      { json: 'configurable', grpc: 'configurable', kind: 'struct', rest: inBody },
      { json: 'tags', grpc: 'tags', kind: 'repeated', rest: inBody },
      { json: 'metadata', grpc: 'metadata', kind: 'struct', rest: inBody },
      // REST carries the key in its header, never the body (idempotency.md layer 1).
      { json: 'idempotencyKey', grpc: 'idempotency_key', kind: 'optional-string', rest: { in: 'header', name: 'idempotency-key' } },
    ],
    reply: [runIdReply, statusReply],
    rest: { method: 'POST', path: '/v1/runs', successStatus: 201, otherMembers: ['tenantId', 'scopeId', 'callbackUrl', 'residency'] },
    replyContract: { schema: 'createRunResponse', requirementId: 'lifecycle.create-run-accepted' },
  },
  {
    name: 'GetRun',
    clientMethod: 'getRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:read'],
    mutates: false,
    surfaces: BOTH,
    request: [runIdInPath],
    reply: documentReply('snapshot'),
    rest: { method: 'GET', path: '/v1/runs/{runId}', successStatus: 200 },
    replyContract: { schema: 'runSnapshot', field: 'snapshot', requirementId: 'lifecycle.snapshot-schema-valid' },
  },
  {
    name: 'CancelRun',
    clientMethod: 'cancelRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:cancel'],
    mutates: true,
    surfaces: BOTH,
    request: [runIdInPath, reasonInBody],
    reply: [runIdReply, statusReply],
    rest: { method: 'POST', path: '/v1/runs/{runId}/cancel', successStatus: 200 },
    replyContract: { schema: 'runStatusResponse', requirementId: 'lifecycle.cancel-running-accepted' },
  },
  {
    name: 'BulkCancelRuns',
    clientMethod: 'bulkCancelRuns',
    streaming: false,
    access: 'token',
    scopes: ['runs:cancel'],
    mutates: true,
    feature: 'bulk-cancel',
    surfaces: BOTH,
    request: [{ json: 'runIds', grpc: 'run_ids', kind: 'repeated', rest: inBody }, reasonInBody],
    reply: [
      {
        json: 'results',
        grpc: 'results',
        kind: 'messages',
        fields: [
          runIdReply,
          { json: 'ok', grpc: 'ok', kind: 'bool' },
          { json: 'status', grpc: 'status', kind: 'optional-string' },
          { json: 'error', grpc: 'error', kind: 'optional-struct' },
        ],
      },
    ],
    rest: { method: 'POST', path: '/v1/runs:bulk-cancel', successStatus: 200 },
    replyContract: { schema: 'bulkCancelRunsResponse', requirementId: 'lifecycle.bulk-cancel-result-per-id' },
  },
  {
    name: 'ForkRun',
    clientMethod: 'forkRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:create', 'runs:read'],
    mutates: true,
    feature: 'fork',
    surfaces: BOTH,
    request: [
      runIdInPath,
      { json: 'fromSeq', grpc: 'from_seq', kind: 'int64', rest: inBody },
      { json: 'mode', grpc: 'mode', kind: 'string', rest: inBody },
      { json: 'overlay', grpc: 'overlay', kind: 'struct', rest: { in: 'body', name: 'runOptionsOverlay' } },
    ],
    // REST names the new run `runId` (next to `sourceRunId`).
    reply: [{ json: 'forkedRunId', grpc: 'forked_run_id', kind: 'string', rest: { from: 'member', name: 'runId' } }, statusReply],
    rest: { method: 'POST', path: '/v1/runs/{runId}:fork', successStatus: 201 },
    replyContract: { schema: 'forkRunResponse', requirementId: 'fork.replay-new-run' },
  },
  {
    name: 'PauseRun',
    clientMethod: 'pauseRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:cancel'],
    mutates: true,
    feature: 'pause',
    surfaces: BOTH,
    request: [runIdInPath, reasonInBody, { json: 'drainPolicy', grpc: 'drain_policy', kind: 'optional-string', rest: inBody }],
    reply: [runIdReply, statusReply, { json: 'pausedAt', grpc: 'paused_at', kind: 'optional-timestamp' }],
    rest: { method: 'POST', path: '/v1/runs/{runId}:pause', successStatus: 202 },
    replyContract: { schema: 'pauseRunResponse', requirementId: 'pause.running-run-pauses' },
  },
  {
    name: 'ResumeRun',
    clientMethod: 'resumeRun',
    streaming: false,
    access: 'token',
    scopes: ['runs:cancel'],
    mutates: true,
    feature: 'pause',
    surfaces: BOTH,
    request: [runIdInPath, reasonInBody],
    reply: [runIdReply, statusReply, { json: 'resumedAt', grpc: 'resumed_at', kind: 'optional-timestamp' }],
    rest: { method: 'POST', path: '/v1/runs/{runId}:resume', successStatus: 202 },
    replyContract: { schema: 'resumeRunResponse', requirementId: 'pause.resume-continues' },
  },
  {
    name: 'StreamRunEvents',
    clientMethod: 'streamRunEvents',
    streaming: true,
    access: 'token',
    scopes: ['runs:read'],
    mutates: false,
    surfaces: BOTH,
    // Over REST the cursor and modes ride as Last-Event-ID / query parameters (rest/sse-event-stream.ts, rest/poll-event-stream.ts).
    request: [
      runIdInPath,
      { json: 'lastSequence', grpc: 'last_sequence', kind: 'int64' },
      { json: 'streamModes', grpc: 'stream_modes', kind: 'repeated' },
      { json: 'bufferMs', grpc: 'buffer_ms', kind: 'int32' },
    ],
    reply: [],
    rest: { method: 'GET', path: '/v1/runs/{runId}/events', successStatus: 200, pollPath: '/v1/runs/{runId}/events/poll' },
  },
  {
    name: 'ResolveInterruptByRun',
    clientMethod: 'resolveInterruptByRun',
    streaming: false,
    access: 'token',
    scopes: ['approvals:respond'],
    mutates: true,
    feature: 'interrupts',
    surfaces: BOTH,
    request: [runIdInPath, { json: 'nodeId', grpc: 'node_id', kind: 'string', rest: inPath }, resumeValueInBody],
    reply: interruptReply,
    rest: { method: 'POST', path: '/v1/runs/{runId}/interrupts/{nodeId}', successStatus: 200 },
    replyContract: { schema: 'resolveInterruptResponse', requirementId: 'interrupt.accept-completes' },
  },
  {
    // The signed token is the credential (protocol-digest §6).
    name: 'ResolveInterruptByToken',
    clientMethod: 'resolveInterruptByToken',
    streaming: false,
    access: 'public',
    scopes: [],
    mutates: true,
    feature: 'interrupts',
    surfaces: BOTH,
    request: [{ json: 'token', grpc: 'token', kind: 'string', rest: inPath }, resumeValueInBody],
    reply: interruptReply,
    rest: { method: 'POST', path: '/v1/interrupts/{token}', successStatus: 200 },
    replyContract: { schema: 'resolveInterruptResponse', requirementId: 'interrupt.resolve-by-token-public' },
  },
  {
    name: 'InspectInterruptByToken',
    clientMethod: 'inspectInterruptByToken',
    streaming: false,
    access: 'public',
    scopes: [],
    mutates: false,
    feature: 'interrupts',
    surfaces: BOTH,
    request: [{ json: 'token', grpc: 'token', kind: 'string', rest: inPath }],
    reply: documentReply('interrupt'),
    rest: { method: 'GET', path: '/v1/interrupts/{token}', successStatus: 200 },
    replyContract: { schema: 'suspendRequest', field: 'interrupt', requirementId: 'interrupt.inspect-by-token-public' },
  },
  {
    name: 'GetArtifact',
    clientMethod: 'getArtifact',
    streaming: false,
    access: 'token',
    scopes: ['artifacts:read'],
    mutates: false,
    feature: 'artifacts',
    surfaces: BOTH,
    request: [runIdInPath, { json: 'artifactId', grpc: 'artifact_id', kind: 'string', rest: inPath }],
    // REST serves the bytes themselves, typed by Content-Type; the id is the one asked for.
    reply: [
      { json: 'artifactId', grpc: 'artifact_id', kind: 'string', rest: { from: 'request', field: 'artifactId' } },
      { json: 'contentType', grpc: 'content_type', kind: 'string', rest: { from: 'header', name: 'content-type' } },
      { json: 'content', grpc: 'content', kind: 'bytes', rest: { from: 'bytes' } },
    ],
    rest: { method: 'GET', path: '/v1/runs/{runId}/artifacts/{artifactId}', successStatus: 200 },
    replyContract: { schema: 'getArtifactResponse', requirementId: 'artifact.content-served' },
  },
  {
    name: 'RegisterWebhook',
    clientMethod: 'registerWebhook',
    streaming: false,
    access: 'token',
    scopes: ['webhooks:manage'],
    mutates: true,
    feature: 'webhooks',
    surfaces: BOTH,
    request: [
      { json: 'url', grpc: 'url', kind: 'string', rest: inBody },
      // openapi.yaml registerWebhook names the list `events` (protocol-digest §8.4).
      { json: 'eventTypes', grpc: 'event_types', kind: 'repeated', rest: { in: 'body', name: 'events' } },
      { json: 'secret', grpc: 'secret', kind: 'optional-string', rest: inBody },
    ],
    reply: [{ json: 'webhookId', grpc: 'webhook_id', kind: 'string' }],
    // openapi.yaml registerWebhook: {url, events, secret?, tags?}, closed; webhooks.md adds tenantId.
    rest: { method: 'POST', path: '/v1/webhooks', successStatus: 201, otherMembers: ['tags', 'tenantId'] },
    replyContract: { schema: 'registerWebhookResponse', requirementId: 'webhook.register-returns-id' },
  },
  {
    name: 'UnregisterWebhook',
    clientMethod: 'unregisterWebhook',
    streaming: false,
    access: 'token',
    scopes: ['webhooks:manage'],
    mutates: true,
    feature: 'webhooks',
    surfaces: BOTH,
    request: [{ json: 'webhookId', grpc: 'webhook_id', kind: 'string', rest: inPath }],
    reply: [],
    rest: { method: 'DELETE', path: '/v1/webhooks/{webhookId}', successStatus: 204 },
  },
  {
    name: 'VerifyAuditLog',
    clientMethod: 'verifyAuditLog',
    streaming: false,
    access: 'token',
    scopes: ['audit:read'],
    mutates: false,
    feature: 'audit',
    surfaces: BOTH,
    request: [
      { json: 'fromSeq', grpc: 'from_seq', kind: 'int64', rest: { in: 'query' } },
      { json: 'toSeq', grpc: 'to_seq', kind: 'int64', rest: { in: 'query' } },
    ],
    reply: documentReply('result'),
    rest: { method: 'GET', path: '/v1/audit/verify', successStatus: 200 },
    replyContract: { schema: 'auditVerifyResult', field: 'result', requirementId: 'audit.verify-chain-valid' },
  },
] as const satisfies readonly RpcDescriptor[];

export type RpcTableEntry = (typeof RPC_TABLE)[number];
export type RpcName = RpcTableEntry['name'];
export type RpcClientMethod = RpcTableEntry['clientMethod'];
export type UnaryRpcName = Extract<RpcTableEntry, { streaming: false }>['name'];

export const ENGINE_SERVICE = 'openwop.v1.Engine';

/** The descriptor of one RPC by name (the table's lookup; the names are typed, so it always finds one). */
export function rpcDescriptor(name: RpcName): RpcDescriptor {
  const found = RPC_TABLE.find((entry) => entry.name === name);
  if (!found) throw new Error(`contract/rpc-table.ts has no RPC ${name}`);
  return found;
}
