import type {
  CallOptions,
  CreateRunRequest,
  EngineClient,
  EventStream,
  ForkRunRequest,
  PauseRunRequest,
  RawExchange,
  RawHttpRequest,
  RawHttpResponse,
  RegisterWebhookRequest,
  Reply,
  ResolveInterruptByRunRequest,
  StreamRunEventsRequest,
} from '../engine-client.js';
import { RAW_EXCHANGE } from '../engine-client.js';
import type { JsonObject, JsonValue } from '../../support/json.js';
import type { HttpSettings } from './http-exchange.js';
import { exchangeHttp } from './http-exchange.js';
import { errorFromHttp } from './http-error-mapping.js';
import type { HttpAnswer, RestOperation } from './rest-operations.js';
import * as ops from './rest-operations.js';
import { parseRestTarget } from './rest-target.js';
import { openSseEventStream } from './sse-event-stream.js';
import { UnreadableReplyError } from '../unreadable-event.js';
import { openPollEventStream } from './poll-event-stream.js';
import type { RestTlsFiles } from './rest-tls.js';
import { restTlsDispatcher } from './rest-tls.js';
import { noteRequest } from '../request-recorder.js';

/** How StreamRunEvents is carried: SSE (the default) or the long-poll endpoint. */
export type RestEventsMode = 'sse' | 'poll';

export interface RestClientOptions {
  /** `http://host:port` or `https://host:port`. */
  target: string;
  token?: string;
  defaultDeadlineMs: number;
  events?: RestEventsMode;
  /** --max-message-bytes: the largest reply body the suite reads. */
  maxReceiveMessageBytes?: number;
  /** --ca/--cert/--key for an https:// target. */
  tls?: RestTlsFiles;
}

/**
 * EngineClient over REST + SSE (protocol-digest §1.2; REST wire contract): each RPC is its REST
 * operation (rest-operations.ts), an HTTP error becomes the same RpcError the gRPC client raises
 * (http-error-mapping.ts, keeping the HTTP status), and StreamRunEvents reads SSE or long-polls.
 * The one extra is rawRequest, for the rest area's checks of HTTP framing itself.
 */
export class RestEngineClient implements EngineClient {
  readonly transport = 'rest' as const;
  readonly target: string;
  readonly events: RestEventsMode;
  readonly #settings: HttpSettings;
  /** Every call and stream in flight, so close() can end them (the contract: they fail CANCELLED). */
  readonly #closing = new AbortController();

  constructor(options: RestClientOptions) {
    const target = parseRestTarget(options.target);
    this.target = target.url;
    this.events = options.events ?? 'sse';
    this.#settings = { baseUrl: target.url, token: options.token === '' ? undefined : options.token, defaultDeadlineMs: options.defaultDeadlineMs, ...(options.maxReceiveMessageBytes !== undefined && { maxReceiveBytes: options.maxReceiveMessageBytes }) };
    const dispatcher = options.tls && target.url.startsWith('https:') ? restTlsDispatcher(options.tls) : undefined;
    if (dispatcher) this.#settings.dispatcher = dispatcher;
  }

  async getCapabilities(request?: Record<string, never>, options?: CallOptions) {
    return this.#unary(ops.GET_CAPABILITIES, request, options);
  }
  async getWorkflow(request: { workflowId: string }, options?: CallOptions) {
    return this.#unary(ops.GET_WORKFLOW, request, options);
  }
  async createRun(request: CreateRunRequest, options?: CallOptions) {
    return this.#unary(ops.CREATE_RUN, request, options);
  }
  async getRun(request: { runId: string }, options?: CallOptions) {
    return this.#unary(ops.GET_RUN, request, options);
  }
  async cancelRun(request: { runId: string; reason?: string }, options?: CallOptions) {
    return this.#unary(ops.CANCEL_RUN, request, options);
  }
  async bulkCancelRuns(request: { runIds: string[]; reason?: string }, options?: CallOptions) {
    return this.#unary(ops.BULK_CANCEL_RUNS, request, options);
  }
  async forkRun(request: ForkRunRequest, options?: CallOptions) {
    return this.#unary(ops.FORK_RUN, request, options);
  }
  async pauseRun(request: PauseRunRequest, options?: CallOptions) {
    return this.#unary(ops.PAUSE_RUN, request, options);
  }
  async resumeRun(request: { runId: string; reason?: string }, options?: CallOptions) {
    return this.#unary(ops.RESUME_RUN, request, options);
  }
  async resolveInterruptByRun(request: ResolveInterruptByRunRequest, options?: CallOptions) {
    return this.#unary(ops.RESOLVE_INTERRUPT_BY_RUN, request, options);
  }
  async resolveInterruptByToken(request: { token: string; resumeValue?: JsonObject }, options?: CallOptions) {
    return this.#unary(ops.RESOLVE_INTERRUPT_BY_TOKEN, request, options);
  }
  async inspectInterruptByToken(request: { token: string }, options?: CallOptions) {
    return this.#unary(ops.INSPECT_INTERRUPT_BY_TOKEN, request, options);
  }
  async getArtifact(request: { runId: string; artifactId: string }, options?: CallOptions) {
    return this.#unary(ops.GET_ARTIFACT, request, options);
  }
  async registerWebhook(request: RegisterWebhookRequest, options?: CallOptions) {
    return this.#unary(ops.REGISTER_WEBHOOK, request, options);
  }
  async unregisterWebhook(request: { webhookId: string }, options?: CallOptions) {
    return this.#unary(ops.UNREGISTER_WEBHOOK, request, options);
  }
  async verifyAuditLog(request: { fromSeq: number; toSeq: number }, options?: CallOptions) {
    return this.#unary(ops.VERIFY_AUDIT_LOG, request, options);
  }

  streamRunEvents(request: StreamRunEventsRequest, options?: CallOptions): EventStream {
    const scoped = this.#scoped(options);
    noteRequest({ surface: 'rest', rpc: 'StreamRunEvents', wire: { events: this.events, request }, ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }) });
    return this.events === 'poll' ? openPollEventStream(this.#settings, request, scoped) : openSseEventStream(this.#settings, request, scoped);
  }

  async rawRequest(request: RawHttpRequest, options?: CallOptions): Promise<RawHttpResponse> {
    // Not an RPC; a failure without an answer is named after the nearest one only for its message.
    const answer = await exchangeHttp(
      'GetCapabilities',
      this.#settings,
      { method: request.method, path: request.path, ...(request.headers && { headers: request.headers }), ...(request.json !== undefined && { body: request.json }) },
      this.#scoped(options),
    );
    return { status: answer.status, headers: answer.headers, body: new TextDecoder().decode(answer.bytes) };
  }

  close(): void {
    this.#closing.abort();
  }

  /**
   * Resolves once the engine answers HTTP at all (any status: reachability only); rejects with one
   * line (`cannot reach http://h:p: connection refused`) otherwise.
   */
  async checkConnectivity(timeoutMs: number): Promise<void> {
    try {
      await exchangeHttp('GetCapabilities', this.#settings, { method: 'GET', path: '/.well-known/openwop' }, { deadlineMs: timeoutMs, token: null });
    } catch (error) {
      const reason = error instanceof Error && 'statusMessage' in error ? String(error.statusMessage) : String(error);
      throw new Error(`cannot reach ${this.target}: ${reason}`, { cause: error });
    }
  }

  #scoped(options: CallOptions | undefined): CallOptions {
    return { ...options, signal: options?.signal ? AbortSignal.any([options.signal, this.#closing.signal]) : this.#closing.signal };
  }

  async #unary<Req, Rep extends object>(operation: RestOperation<Req, Rep>, request: Req, options: CallOptions | undefined): Promise<Reply<Rep>> {
    const call = operation.toHttp(request);
    noteRequest({ surface: 'rest', rpc: operation.rpc, wire: call, ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }) });
    const answer = await exchangeHttp(operation.rpc, this.#settings, { method: call.method, path: call.path, ...(call.headers && { headers: call.headers }), ...(call.body !== undefined && { body: call.body }) }, this.#scoped(options));
    const text = operation.binaryReply && answer.status < 300 ? '' : new TextDecoder().decode(answer.bytes);
    if (answer.status < 200 || answer.status >= 300) throw errorFromHttp({ rpc: operation.rpc, status: answer.status, headers: answer.headers, body: text });
    let json: JsonValue | undefined;
    if (!operation.binaryReply && text.trim() !== '') {
      try {
        json = JSON.parse(text) as JsonValue;
      } catch {
        throw new UnreadableReplyError(operation.rpc, `HTTP ${answer.status} body is not JSON: ${text.slice(0, 120)}`);
      }
    }
    const httpAnswer: HttpAnswer = { status: answer.status, headers: answer.headers, json, bytes: answer.bytes };
    const body = operation.fromHttp(httpAnswer, request);
    const exchange: RawExchange = { rpc: operation.rpc, headers: answer.headers, trailers: {}, elapsedMs: answer.elapsedMs, httpStatus: answer.status };
    Object.defineProperty(body, RAW_EXCHANGE, { value: exchange, enumerable: false });
    return body;
  }
}

