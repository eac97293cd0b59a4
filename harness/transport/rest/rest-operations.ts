import type {
  BulkCancelRunsReply,
  CreateRunReply,
  CreateRunRequest,
  ForkRunReply,
  ForkRunRequest,
  GetArtifactReply,
  GetCapabilitiesReply,
  GetRunReply,
  GetWorkflowReply,
  InspectInterruptReply,
  PauseRunReply,
  PauseRunRequest,
  RegisterWebhookReply,
  RegisterWebhookRequest,
  ResolveInterruptByRunRequest,
  ResolveInterruptReply,
  ResumeRunReply,
  RunStatusReply,
  VerifyAuditLogReply,
} from '../engine-client.js';
import type { JsonObject, JsonValue } from '../../support/json.js';
import { isJsonObject } from '../../support/json.js';
import type { RpcName } from '../rpc-names.js';

/**
 * Each unary RPC as its REST operation (protocol-digest §1.2; REST wire contract table), as data:
 * how the request becomes method, path, headers and JSON body, and how the answer becomes the
 * EngineClient reply. The client does the HTTP; nothing here touches the network.
 */

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, path parameters already percent-encoded. */
  path: string;
  body?: JsonObject;
  headers?: Record<string, string>;
}

/** A successful answer as the operation reads it: the JSON body (undefined when empty) or the raw bytes. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string[]>;
  json: JsonValue | undefined;
  bytes: Uint8Array;
}

export interface RestOperation<Req, Rep> {
  rpc: RpcName;
  /** The status the wire contract names for success; other 2xx are accepted but recorded by the rest area. */
  successStatus: number;
  /** GetArtifact's body is bytes, not JSON. */
  binaryReply?: boolean;
  toHttp(request: Req): HttpCall;
  fromHttp(answer: HttpAnswer, request: Req): Rep;
}

const seg = (value: string): string => encodeURIComponent(value);
const objectOf = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});
const str = (body: JsonObject, key: string): string => (typeof body[key] === 'string' ? (body[key]) : '');
const optionalStr = (body: JsonObject, key: string): string | undefined => (typeof body[key] === 'string' ? (body[key]) : undefined);
/** Drops undefined members and empty optional strings, so the body shows exactly what was set. */
const compactBody = (fields: Record<string, JsonValue | undefined>): JsonObject =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as JsonObject;
const withOptional = <T extends object>(body: T, key: string, value: string | undefined): T => (value === undefined ? body : { ...body, [key]: value });
const wholeBody = (answer: HttpAnswer): JsonObject | undefined => (isJsonObject(answer.json) ? answer.json : undefined);
const runStatus = (answer: HttpAnswer): RunStatusReply => {
  const body = objectOf(answer.json);
  return { runId: str(body, 'runId'), status: str(body, 'status') };
};
const interruptReply = (answer: HttpAnswer): ResolveInterruptReply => {
  const body = objectOf(answer.json);
  return { runId: str(body, 'runId'), nodeId: str(body, 'nodeId'), status: str(body, 'status') };
};

export const GET_CAPABILITIES: RestOperation<Record<string, never> | undefined, GetCapabilitiesReply> = {
  rpc: 'GetCapabilities',
  successStatus: 200,
  toHttp: () => ({ method: 'GET', path: '/.well-known/openwop' }),
  fromHttp: (answer) => ({ capabilities: wholeBody(answer) }),
};

export const GET_WORKFLOW: RestOperation<{ workflowId: string }, GetWorkflowReply> = {
  rpc: 'GetWorkflow',
  successStatus: 200,
  toHttp: (request) => ({ method: 'GET', path: `/v1/workflows/${seg(request.workflowId)}` }),
  fromHttp: (answer) => ({ workflow: wholeBody(answer) }),
};

export const CREATE_RUN: RestOperation<CreateRunRequest, CreateRunReply> = {
  rpc: 'CreateRun',
  successStatus: 201,
  toHttp: (request) => ({
    method: 'POST',
    path: '/v1/runs',
    body: compactBody({ workflowId: request.workflowId, inputs: request.inputs, configurable: request.configurable, tags: request.tags, metadata: request.metadata }),
    // The idempotency key rides in a header over REST (idempotency.md layer 1), never in the body.
    ...(request.idempotencyKey ? { headers: { 'idempotency-key': request.idempotencyKey } } : {}),
  }),
  fromHttp: runStatus,
};

export const GET_RUN: RestOperation<{ runId: string }, GetRunReply> = {
  rpc: 'GetRun',
  successStatus: 200,
  toHttp: (request) => ({ method: 'GET', path: `/v1/runs/${seg(request.runId)}` }),
  fromHttp: (answer) => ({ snapshot: wholeBody(answer) }),
};

export const CANCEL_RUN: RestOperation<{ runId: string; reason?: string }, RunStatusReply> = {
  rpc: 'CancelRun',
  successStatus: 200,
  toHttp: (request) => ({ method: 'POST', path: `/v1/runs/${seg(request.runId)}/cancel`, body: compactBody({ reason: request.reason }) }),
  fromHttp: runStatus,
};

export const BULK_CANCEL_RUNS: RestOperation<{ runIds: string[]; reason?: string }, BulkCancelRunsReply> = {
  rpc: 'BulkCancelRuns',
  successStatus: 200,
  toHttp: (request) => ({ method: 'POST', path: '/v1/runs:bulk-cancel', body: compactBody({ runIds: request.runIds, reason: request.reason }) }),
  fromHttp: (answer) => {
    const results = objectOf(answer.json)['results'];
    return {
      results: (Array.isArray(results) ? results : []).map((entry) => {
        const result = objectOf(entry);
        const base = withOptional({ runId: str(result, 'runId'), ok: result['ok'] === true }, 'status', optionalStr(result, 'status'));
        return isJsonObject(result['error']) ? { ...base, error: result['error'] } : base;
      }),
    };
  },
};

export const FORK_RUN: RestOperation<ForkRunRequest, ForkRunReply> = {
  rpc: 'ForkRun',
  successStatus: 201,
  toHttp: (request) => ({
    method: 'POST',
    path: `/v1/runs/${seg(request.runId)}:fork`,
    body: compactBody({ fromSeq: request.fromSeq, mode: request.mode, runOptionsOverlay: request.overlay }),
  }),
  // REST names the new run `runId` (next to `sourceRunId`); the interface calls it forkedRunId.
  fromHttp: (answer) => {
    const body = objectOf(answer.json);
    return { forkedRunId: str(body, 'runId'), status: str(body, 'status') };
  },
};

export const PAUSE_RUN: RestOperation<PauseRunRequest, PauseRunReply> = {
  rpc: 'PauseRun',
  successStatus: 202,
  toHttp: (request) => ({ method: 'POST', path: `/v1/runs/${seg(request.runId)}:pause`, body: compactBody({ reason: request.reason, drainPolicy: request.drainPolicy }) }),
  fromHttp: (answer) => withOptional(runStatus(answer), 'pausedAt', optionalStr(objectOf(answer.json), 'pausedAt')),
};

export const RESUME_RUN: RestOperation<{ runId: string; reason?: string }, ResumeRunReply> = {
  rpc: 'ResumeRun',
  successStatus: 202,
  toHttp: (request) => ({ method: 'POST', path: `/v1/runs/${seg(request.runId)}:resume`, body: compactBody({ reason: request.reason }) }),
  fromHttp: (answer) => withOptional(runStatus(answer), 'resumedAt', optionalStr(objectOf(answer.json), 'resumedAt')),
};

export const RESOLVE_INTERRUPT_BY_RUN: RestOperation<ResolveInterruptByRunRequest, ResolveInterruptReply> = {
  rpc: 'ResolveInterruptByRun',
  successStatus: 200,
  toHttp: (request) => ({ method: 'POST', path: `/v1/runs/${seg(request.runId)}/interrupts/${seg(request.nodeId)}`, body: compactBody({ resumeValue: request.resumeValue }) }),
  fromHttp: interruptReply,
};

export const RESOLVE_INTERRUPT_BY_TOKEN: RestOperation<{ token: string; resumeValue?: JsonObject }, ResolveInterruptReply> = {
  rpc: 'ResolveInterruptByToken',
  successStatus: 200,
  toHttp: (request) => ({ method: 'POST', path: `/v1/interrupts/${seg(request.token)}`, body: compactBody({ resumeValue: request.resumeValue }) }),
  fromHttp: interruptReply,
};

export const INSPECT_INTERRUPT_BY_TOKEN: RestOperation<{ token: string }, InspectInterruptReply> = {
  rpc: 'InspectInterruptByToken',
  successStatus: 200,
  toHttp: (request) => ({ method: 'GET', path: `/v1/interrupts/${seg(request.token)}` }),
  fromHttp: (answer) => ({ interrupt: wholeBody(answer) }),
};

export const GET_ARTIFACT: RestOperation<{ runId: string; artifactId: string }, GetArtifactReply> = {
  rpc: 'GetArtifact',
  successStatus: 200,
  binaryReply: true,
  toHttp: (request) => ({ method: 'GET', path: `/v1/runs/${seg(request.runId)}/artifacts/${seg(request.artifactId)}` }),
  // REST serves the bytes themselves; the id is the one asked for, the type is the Content-Type header.
  fromHttp: (answer, request) => ({ artifactId: request.artifactId, contentType: answer.headers['content-type']?.[0] ?? '', content: answer.bytes }),
};

export const REGISTER_WEBHOOK: RestOperation<RegisterWebhookRequest, RegisterWebhookReply> = {
  rpc: 'RegisterWebhook',
  successStatus: 201,
  toHttp: (request) => ({ method: 'POST', path: '/v1/webhooks', // openapi.yaml registerWebhook names the list `events` (gRPC: event_types); the body is closed.
    body: compactBody({ url: request.url, events: request.eventTypes, secret: request.secret }) }),
  fromHttp: (answer) => ({ webhookId: str(objectOf(answer.json), 'webhookId') }),
};

export const UNREGISTER_WEBHOOK: RestOperation<{ webhookId: string }, Record<string, never>> = {
  rpc: 'UnregisterWebhook',
  successStatus: 204,
  toHttp: (request) => ({ method: 'DELETE', path: `/v1/webhooks/${seg(request.webhookId)}` }),
  fromHttp: (): Record<string, never> => ({}),
};

export const VERIFY_AUDIT_LOG: RestOperation<{ fromSeq: number; toSeq: number }, VerifyAuditLogReply> = {
  rpc: 'VerifyAuditLog',
  successStatus: 200,
  toHttp: (request) => ({ method: 'GET', path: `/v1/audit/verify?${new URLSearchParams({ fromSeq: String(request.fromSeq), toSeq: String(request.toSeq) }).toString()}` }),
  fromHttp: (answer) => ({ result: wholeBody(answer) }),
};

type UnaryRpc = Exclude<RpcName, 'StreamRunEvents'>;
/** Each unary RPC's operation, for code that holds only an RPC name and its request (repro lines). */
const OPERATIONS: { [R in UnaryRpc]: RestOperation<never, unknown> } = {
  GetCapabilities: GET_CAPABILITIES,
  GetWorkflow: GET_WORKFLOW,
  CreateRun: CREATE_RUN,
  GetRun: GET_RUN,
  CancelRun: CANCEL_RUN,
  BulkCancelRuns: BULK_CANCEL_RUNS,
  ForkRun: FORK_RUN,
  PauseRun: PAUSE_RUN,
  ResumeRun: RESUME_RUN,
  ResolveInterruptByRun: RESOLVE_INTERRUPT_BY_RUN,
  ResolveInterruptByToken: RESOLVE_INTERRUPT_BY_TOKEN,
  InspectInterruptByToken: INSPECT_INTERRUPT_BY_TOKEN,
  GetArtifact: GET_ARTIFACT,
  RegisterWebhook: REGISTER_WEBHOOK,
  UnregisterWebhook: UNREGISTER_WEBHOOK,
  VerifyAuditLog: VERIFY_AUDIT_LOG,
};

/** The HTTP call a unary RPC's request becomes; undefined when the request cannot be mapped (e.g. malformed). */
export function httpCallFor(rpc: UnaryRpc, request: unknown): HttpCall | undefined {
  try {
    const operation = OPERATIONS[rpc] as RestOperation<unknown, unknown>;
    return operation.toHttp(request ?? {});
  } catch {
    return undefined;
  }
}

/**
 * The statuses a success of this RPC may carry over REST (openapi.yaml responses): the operation's
 * own, and for CreateRun with an Idempotency-Key also 200, since a replay from the idempotency
 * cache may be served so (protocol-digest §5: same key and body, the suite accepts 200 or 201).
 */
export function successStatusesFor(rpc: UnaryRpc, request: unknown): readonly number[] {
  const own = OPERATIONS[rpc].successStatus;
  const keyed = typeof request === 'object' && request !== null && typeof (request as { idempotencyKey?: unknown }).idempotencyKey === 'string' && (request as { idempotencyKey: string }).idempotencyKey !== '';
  return rpc === 'CreateRun' && keyed ? [own, 200] : [own];
}
