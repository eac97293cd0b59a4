import type { JsonObject, JsonValue } from '../support/json.js';
import type { RpcName } from './rpc-names.js';

/**
 * One client per engine, whatever the transport. Requests and replies are plain JSON with the
 * camelCase field names the JSON Schemas use; each transport maps them to and from its wire form
 * (snake_case proto fields, Struct, Timestamp). A field the engine left unset on the wire is
 * `undefined` here, so a schema check can tell "absent" from "empty".
 */
export interface EngineClient {
  readonly transport: TransportKind;
  /** The URL the user gave, e.g. `grpc://127.0.0.1:50051` or `http://127.0.0.1:8080`; never contains a token. */
  readonly target: string;

  getCapabilities(request?: Record<string, never>, options?: CallOptions): Promise<Reply<GetCapabilitiesReply>>;
  getWorkflow(request: { workflowId: string }, options?: CallOptions): Promise<Reply<GetWorkflowReply>>;
  createRun(request: CreateRunRequest, options?: CallOptions): Promise<Reply<CreateRunReply>>;
  getRun(request: { runId: string }, options?: CallOptions): Promise<Reply<GetRunReply>>;
  cancelRun(request: { runId: string; reason?: string }, options?: CallOptions): Promise<Reply<RunStatusReply>>;
  bulkCancelRuns(request: { runIds: string[]; reason?: string }, options?: CallOptions): Promise<Reply<BulkCancelRunsReply>>;
  forkRun(request: ForkRunRequest, options?: CallOptions): Promise<Reply<ForkRunReply>>;
  pauseRun(request: PauseRunRequest, options?: CallOptions): Promise<Reply<PauseRunReply>>;
  resumeRun(request: { runId: string; reason?: string }, options?: CallOptions): Promise<Reply<ResumeRunReply>>;
  streamRunEvents(request: StreamRunEventsRequest, options?: CallOptions): EventStream;
  resolveInterruptByRun(request: ResolveInterruptByRunRequest, options?: CallOptions): Promise<Reply<ResolveInterruptReply>>;
  resolveInterruptByToken(request: { token: string; resumeValue?: JsonObject }, options?: CallOptions): Promise<Reply<ResolveInterruptReply>>;
  inspectInterruptByToken(request: { token: string }, options?: CallOptions): Promise<Reply<InspectInterruptReply>>;
  getArtifact(request: { runId: string; artifactId: string }, options?: CallOptions): Promise<Reply<GetArtifactReply>>;
  registerWebhook(request: RegisterWebhookRequest, options?: CallOptions): Promise<Reply<RegisterWebhookReply>>;
  unregisterWebhook(request: { webhookId: string }, options?: CallOptions): Promise<Reply<Record<string, never>>>;
  verifyAuditLog(request: { fromSeq: number; toSeq: number }, options?: CallOptions): Promise<Reply<VerifyAuditLogReply>>;

  /**
   * Calls a method the service does not declare (`/openwop.v1.Engine/<method>`, empty request) and
   * returns the status it ended with (0 for OK). Optional: transports without it cannot test that.
   */
  probeUndeclaredMethod?(method: string, options?: CallOptions): Promise<{ code: number; statusMessage: string }>;

  /**
   * Sends one plain HTTP request to the engine (path relative to the target, e.g. `/v1/runs/x`) and
   * reads the whole response. Optional: only the REST transport has it; the rest area's checks of
   * HTTP framing (status codes, content types, SSE ids) need it, and are inapplicable without it.
   */
  rawRequest?(request: RawHttpRequest, options?: CallOptions): Promise<RawHttpResponse>;

  /** Releases the channel; pending calls fail with CANCELLED. */
  close(): void;
}

export type TransportKind = 'grpc' | 'rest';

export interface CallOptions {
  /** Per-call deadline in milliseconds; the client applies its default when absent. */
  deadlineMs?: number;
  /**
   * Bearer token override for this call: a string replaces the configured token, `null` sends no
   * `authorization` metadata at all (used to prove public RPCs need none).
   */
  token?: string | null;
  /** Extra request metadata (e.g. `x-openwop-conformance-case`). */
  metadata?: Record<string, string>;
  /** Aborting cancels the call (CANCELLED). */
  signal?: AbortSignal;
  /**
   * Observations a transport makes about the engine's bytes that decide nothing (an SSE frame of an
   * unknown event name, ignored as readers must): the validating layer records them as warnings.
   */
  onNotice?: (message: string) => void;
  /**
   * Why this request is malformed on purpose (a negative check provoking a refusal): the request
   * recorder (request-recorder.ts) then exempts it from the spec's request schema. Never sent.
   */
  deliberatelyInvalid?: string;
}

/** What came back besides the body: kept for tests that inspect headers and trailers. */
export interface RawExchange {
  rpc: RpcName;
  /** Initial response metadata (headers), lower-cased keys; binary values base64-encoded. */
  headers: Record<string, string[]>;
  /** Trailing metadata. */
  trailers: Record<string, string[]>;
  /** Milliseconds from sending the request to the final status. */
  elapsedMs: number;
  /** The HTTP status of the response (REST only). */
  httpStatus?: number;
}

export interface RawHttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Path and query, starting with `/`. */
  path: string;
  /** Extra request headers; `authorization` follows CallOptions.token like every call. */
  headers?: Record<string, string>;
  /** A JSON body (serialized, sent as application/json). */
  json?: unknown;
}

export interface RawHttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string[]>;
  /** The whole body as UTF-8 text (an SSE response is read until the engine closes it). */
  body: string;
}

export const RAW_EXCHANGE: unique symbol = Symbol('openwop.rawExchange');

/** A reply body with its raw exchange attached under a symbol (so JSON.stringify ignores it). */
export type Reply<T> = T & { readonly [RAW_EXCHANGE]?: RawExchange };

export function rawExchangeOf(reply: object): RawExchange | undefined {
  return (reply as { [RAW_EXCHANGE]?: RawExchange })[RAW_EXCHANGE];
}

export interface GetCapabilitiesReply {
  capabilities: JsonObject | undefined;
}
export interface GetWorkflowReply {
  workflow: JsonObject | undefined;
}
export interface CreateRunRequest {
  workflowId: string;
  inputs?: JsonObject;
  configurable?: JsonObject;
  tags?: string[];
  metadata?: JsonObject;
  idempotencyKey?: string;
}
export interface CreateRunReply {
  runId: string;
  status: string;
}
export interface GetRunReply {
  snapshot: JsonObject | undefined;
}
export interface RunStatusReply {
  runId: string;
  status: string;
}
export interface BulkCancelRunResult {
  runId: string;
  ok: boolean;
  /** Absent when the engine left it empty. */
  status?: string;
  /** The per-entry error envelope, absent when the engine did not set it. */
  error?: JsonObject;
}
export interface BulkCancelRunsReply {
  results: BulkCancelRunResult[];
}
export interface ForkRunRequest {
  runId: string;
  /** Absent only over REST, whose body may leave it out (replay.md §Replay-mode defaults); gRPC sends 0. */
  fromSeq?: number;
  mode: string;
  overlay?: JsonObject;
}
export interface ForkRunReply {
  forkedRunId: string;
  status: string;
}
export interface PauseRunRequest {
  runId: string;
  reason?: string;
  drainPolicy?: string;
}
export interface PauseRunReply {
  runId: string;
  status: string;
  /** RFC 3339, converted from google.protobuf.Timestamp; absent when unset. */
  pausedAt?: string;
}
export interface ResumeRunReply {
  runId: string;
  status: string;
  resumedAt?: string;
}
export interface StreamRunEventsRequest {
  runId: string;
  /** Deliver events with sequence > lastSequence; -1 means from the start (seed contract). */
  lastSequence: number;
  streamModes?: string[];
  bufferMs?: number;
}

/**
 * One event in the JSON shape of the run-event schema: the proto's `seq` is `sequence`, `timestamp`
 * is RFC 3339, and empty proto strings for optional fields (`nodeId`, `causationId`) are absent.
 */
export interface RunEvent {
  eventId: string;
  sequence: number;
  runId: string;
  type: string;
  nodeId?: string;
  payload: JsonValue | undefined;
  timestamp: string | undefined;
  causationId?: string;
}

/** A server stream of run events. Iterating ends when the server closes with OK. */
export interface EventStream extends AsyncIterable<RunEvent> {
  /** Settles once the stream is over: OK, an RpcError from the engine, or a local cancel. */
  readonly ended: Promise<StreamEnd>;
  /** Client-side cancel: a passive disconnect that must not cancel the run. */
  cancel(): void;
}

export type StreamEnd = { kind: 'ok'; trailers: Record<string, string[]> } | { kind: 'error'; error: Error } | { kind: 'cancelled' };

export interface ResolveInterruptByRunRequest {
  runId: string;
  nodeId: string;
  resumeValue?: JsonObject;
}
export interface ResolveInterruptReply {
  runId: string;
  nodeId: string;
  status: string;
}
export interface InspectInterruptReply {
  interrupt: JsonObject | undefined;
}
export interface GetArtifactReply {
  artifactId: string;
  contentType: string;
  content: Uint8Array;
}
export interface RegisterWebhookRequest {
  url: string;
  eventTypes: string[];
  secret?: string;
}
export interface RegisterWebhookReply {
  webhookId: string;
}
export interface VerifyAuditLogReply {
  result: JsonObject | undefined;
}
