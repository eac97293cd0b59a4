import type { CallOptions, EngineClient, EventStream, RawExchange, RawHttpRequest, RawHttpResponse, Reply, StreamRunEventsRequest } from '../engine-client.js';
import { RAW_EXCHANGE } from '../engine-client.js';
import type { JsonValue } from '../../support/json.js';
import type { HttpSettings } from './http-exchange.js';
import { exchangeHttp } from './http-exchange.js';
import { errorFromHttp } from './http-error-mapping.js';
import type { HttpAnswer } from './rest-operations.js';
import { hasBinaryReply, httpCallOf, replyFromHttp } from './rest-operations.js';
import type { UnaryDescriptor, UnaryRpcMethods } from '../rpc-methods.js';
import { unaryRpcMethods } from '../rpc-methods.js';
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
/** The unary methods come from the RPC table (rpc-methods.ts); this merges their types into the class. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging -- the methods are assigned from the RPC table in the constructor; this only gives the class their types
export interface RestEngineClient extends UnaryRpcMethods {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
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
    this.#settings = {
      baseUrl: target.url,
      token: options.token === '' ? undefined : options.token,
      defaultDeadlineMs: options.defaultDeadlineMs,
      ...(options.maxReceiveMessageBytes !== undefined && { maxReceiveBytes: options.maxReceiveMessageBytes }),
    };
    const dispatcher = options.tls && target.url.startsWith('https:') ? restTlsDispatcher(options.tls) : undefined;
    if (dispatcher) this.#settings.dispatcher = dispatcher;
    // One method per unary RPC of the table, each its REST operation (rest-operations.ts).
    Object.assign(
      this,
      unaryRpcMethods(async (descriptor, request, callOptions) => this.#unary(descriptor, request ?? {}, callOptions)),
    );
  }

  streamRunEvents(request: StreamRunEventsRequest, options?: CallOptions): EventStream {
    const scoped = this.#scoped(options);
    noteRequest({
      surface: 'rest',
      rpc: 'StreamRunEvents',
      wire: { events: this.events, request },
      ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }),
    });
    return this.events === 'poll' ? openPollEventStream(this.#settings, request, scoped) : openSseEventStream(this.#settings, request, scoped);
  }

  async rawRequest(request: RawHttpRequest, options?: CallOptions): Promise<RawHttpResponse> {
    // Not an RPC; a failure without an answer is named after the nearest one only for its message.
    const answer = await exchangeHttp(
      'GetCapabilities',
      this.#settings,
      {
        method: request.method,
        path: request.path,
        ...(request.headers && { headers: request.headers }),
        ...(request.json !== undefined && { body: request.json }),
      },
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

  async #unary(descriptor: UnaryDescriptor, request: object, options: CallOptions | undefined): Promise<Reply<object>> {
    const rpc = descriptor.name;
    const binaryReply = hasBinaryReply(descriptor);
    const call = httpCallOf(descriptor, request);
    noteRequest({ surface: 'rest', rpc, wire: call, ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }) });
    const answer = await exchangeHttp(
      rpc,
      this.#settings,
      { method: call.method, path: call.path, ...(call.headers && { headers: call.headers }), ...(call.body !== undefined && { body: call.body }) },
      this.#scoped(options),
    );
    const text = binaryReply && answer.status < 300 ? '' : new TextDecoder().decode(answer.bytes);
    if (answer.status < 200 || answer.status >= 300) throw errorFromHttp({ rpc, status: answer.status, headers: answer.headers, body: text });
    let json: JsonValue | undefined;
    if (!binaryReply && text.trim() !== '') {
      try {
        json = JSON.parse(text) as JsonValue;
      } catch {
        throw new UnreadableReplyError(rpc, `HTTP ${answer.status} body is not JSON: ${text.slice(0, 120)}`);
      }
    }
    const httpAnswer: HttpAnswer = { status: answer.status, headers: answer.headers, json, bytes: answer.bytes };
    const body = replyFromHttp(descriptor, httpAnswer, request);
    const exchange: RawExchange = { rpc, headers: answer.headers, trailers: {}, elapsedMs: answer.elapsedMs, httpStatus: answer.status };
    Object.defineProperty(body, RAW_EXCHANGE, { value: exchange, enumerable: false });
    return body;
  }
}
