import grpc from '@grpc/grpc-js';
import { noteRequest } from './request-recorder.js';
import type { CallOptions, EngineClient, EventStream, RawExchange, Reply, StreamRunEventsRequest } from './engine-client.js';
import { RAW_EXCHANGE } from './engine-client.js';
import type { RpcName } from './rpc-names.js';
import { ENGINE_SERVICE, GrpcCode } from './rpc-names.js';
import { channelCredentialsFor, parseGrpcTarget } from './grpc-target.js';
import { loadEngineProto } from './load-engine-proto.js';
import { BufferedEventStream } from './buffered-event-stream.js';
import { carryInvalidUtf8, strictDeserializer } from './strict-utf8.js';
import { describeConnectFailure } from './connect-failure.js';
import { replyFromWire, wireRequest } from './grpc-field-mapping.js';
import type { UnaryRpcMethods } from './rpc-methods.js';
import { unaryRpcMethods } from './rpc-methods.js';
import type { WireMessage } from './wire-mapping.js';
import { UnreadableEventError, UnreadableReplyError } from './unreadable-event.js';
import { asWire, describeError, errorFromStatus, metadataToRecord, runEventFromWire } from './wire-mapping.js';
import { rpcDescriptor } from '../../contract/rpc-table.js';

export { describeConnectFailure } from './connect-failure.js';
export { metadataToRecord, runEventFromWire } from './wire-mapping.js';

/**
 * EngineClient over gRPC (grpc-transport §1): camelCase JSON requests become snake_case proto
 * messages and back, every call carries a deadline and `authorization: Bearer` metadata (§1.3), and a
 * non-OK status becomes an RpcError with the envelope from `grpc-status-details-bin` (§1.4).
 */

export interface GrpcClientOptions {
  /** `grpc://host:port` or `grpcs://host:port`. */
  target: string;
  token?: string | undefined;
  caPath?: string | undefined;
  certPath?: string | undefined;
  keyPath?: string | undefined;
  defaultDeadlineMs: number;
  /** The largest reply the suite accepts (default DEFAULT_MAX_RECEIVE_BYTES); grpc-js's own default is 4 MiB. */
  maxReceiveMessageBytes?: number | undefined;
}

/**
 * The suite's receive limit, set deliberately rather than left at grpc-js's 4 MiB: the spec states
 * no message size (protocol-digest §1.7), so a large but legal reply must not look like an engine
 * fault. A reply over it is blocked as the suite's limit, never failed (uninformative-errors.ts).
 */
export const DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

/** StreamRunEvents' request fields, as the RPC table maps them. */
const STREAM_FIELDS = rpcDescriptor('StreamRunEvents').request;

/** The unary methods come from the RPC table (rpc-methods.ts); this merges their types into the class. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging -- the methods are assigned from the RPC table in the constructor; this only gives the class their types
export interface GrpcEngineClient extends UnaryRpcMethods {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class GrpcEngineClient implements EngineClient {
  readonly transport = 'grpc' as const;
  readonly target: string;
  readonly #client: grpc.Client;
  readonly #service: grpc.ServiceDefinition;
  readonly #token: string | undefined;
  readonly #defaultDeadlineMs: number;
  /** grpc-js lets calls outlive Client.close(); the contract says they fail with CANCELLED, so track them. */
  readonly #pendingCalls = new Set<{ cancel(): void }>();
  /** Deserializers that also record strings that are not valid UTF-8 (strict-utf8.ts). */
  readonly #deserializers = new Map<RpcName, (bytes: Buffer) => unknown>();

  constructor(options: GrpcClientOptions) {
    const target = parseGrpcTarget(options.target);
    const credentials = channelCredentialsFor(target, options);
    const proto = loadEngineProto();
    this.target = target.url;
    this.#service = proto.service;
    this.#client = new proto.EngineClient(target.address, credentials, {
      'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_BYTES,
    });
    this.#token = options.token === '' ? undefined : options.token;
    this.#defaultDeadlineMs = options.defaultDeadlineMs;
    // One method per unary RPC of the table, mapped field by field (grpc-field-mapping.ts).
    Object.assign(
      this,
      unaryRpcMethods(async (descriptor, request, callOptions) =>
        this.#unary(descriptor.name, wireRequest(descriptor.request, request ?? {}), callOptions, (message) => replyFromWire(descriptor.reply, message)),
      ),
    );
  }

  async probeUndeclaredMethod(method: string, options?: CallOptions): Promise<{ code: number; statusMessage: string }> {
    const identity = (bytes: Buffer): Buffer => bytes;
    return new Promise((resolve) => {
      this.#client.makeUnaryRequest(
        `/${ENGINE_SERVICE}/${method}`,
        identity,
        identity,
        Buffer.alloc(0),
        this.#metadataFor(options),
        this.#callOptions(options),
        (error) => {
          resolve(error ? { code: error.code, statusMessage: error.details } : { code: GrpcCode.OK, statusMessage: '' });
        },
      );
    });
  }

  streamRunEvents(request: StreamRunEventsRequest, options?: CallOptions): EventStream {
    let call: grpc.ClientReadableStream<unknown> | undefined;
    const stream = new BufferedEventStream(() => call?.cancel());
    try {
      const wire = wireRequest(STREAM_FIELDS, request);
      noteRequest({ surface: 'grpc', rpc: 'StreamRunEvents', wire, ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }) });
      const method = this.#method('StreamRunEvents');
      call = this.#client.makeServerStreamRequest(
        method.path,
        method.requestSerialize,
        this.#deserializer('StreamRunEvents'),
        wire,
        this.#metadataFor(options),
        this.#callOptions(options),
      );
    } catch (error) {
      stream.finish({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      return stream;
    }
    const activeCall = call;
    this.#pendingCalls.add(activeCall);
    // A consumer slower than the engine pauses the read (bounded memory under an event flood).
    stream.setFlowControl({ pause: () => activeCall.pause(), resume: () => activeCall.resume() });
    const onAbort = (): void => stream.cancel();
    options?.signal?.addEventListener('abort', onAbort, { once: true });
    if (options?.signal?.aborted) stream.cancel();
    // grpc-js emits the status before its Readable has drained buffered messages; finishing only
    // once both 'status' and 'end' arrived keeps every delivered event ahead of the end marker.
    let status: grpc.StatusObject | undefined;
    let drained = false;
    const finishIfDone = (): void => {
      if (!status || !drained) return;
      this.#pendingCalls.delete(activeCall);
      options?.signal?.removeEventListener('abort', onAbort);
      stream.finish(
        status.code === grpc.status.OK
          ? { kind: 'ok', trailers: metadataToRecord(status.metadata) }
          : { kind: 'error', error: errorFromStatus('StreamRunEvents', status) },
      );
    };
    activeCall.on('data', (message: unknown) => {
      try {
        stream.push(carryInvalidUtf8(message, runEventFromWire(message)));
      } catch (error) {
        // The engine's bytes: a finding of the event envelope's owner, never a suite error.
        stream.finish({
          kind: 'error',
          error: new UnreadableEventError('a StreamRunEvents message', `could not be read as a RunEventEnvelope: ${describeError(error)}`),
        });
        activeCall.cancel();
      }
    });
    activeCall.on('error', () => undefined); // the 'status' event carries the same outcome
    activeCall.on('status', (received: grpc.StatusObject) => {
      status = received;
      // The call is over: what is left is already in memory, so let it drain and 'end' fire.
      activeCall.resume();
      finishIfDone();
    });
    const markDrained = (): void => {
      drained = true;
      finishIfDone();
    };
    activeCall.on('end', markDrained);
    activeCall.on('close', markDrained);
    return stream;
  }

  close(): void {
    for (const call of this.#pendingCalls) call.cancel();
    this.#pendingCalls.clear();
    this.#client.close();
  }

  /**
   * Resolves once the channel is READY; rejects with one line (`cannot reach grpc://h:p: connection
   * refused`) as soon as a connection attempt fails, or after timeoutMs.
   */
  async checkConnectivity(timeoutMs: number): Promise<void> {
    const channel = this.#client.getChannel();
    const deadline = Date.now() + timeoutMs;
    let state = channel.getConnectivityState(true);
    while (state !== grpc.connectivityState.READY) {
      if (state === grpc.connectivityState.SHUTDOWN) throw new Error(`cannot reach ${this.target}: the client has been closed`);
      if (state === grpc.connectivityState.TRANSIENT_FAILURE) {
        const failure = await this.#probeFailure(deadline);
        if (failure === undefined) return;
        throw new Error(`cannot reach ${this.target}: ${failure}`);
      }
      const current = state;
      const changed = await new Promise<boolean>((resolve) => channel.watchConnectivityState(current, deadline, (error) => resolve(!error)));
      if (!changed) {
        const stateName = grpc.connectivityState[channel.getConnectivityState(false)] ?? 'UNKNOWN';
        throw new Error(`cannot reach ${this.target}: no connection within ${timeoutMs} ms (channel state ${stateName})`);
      }
      state = channel.getConnectivityState(true);
    }
  }

  /** grpc-js keeps the failure reason only in call errors, so ask with a cheap public call. */
  async #probeFailure(deadline: number): Promise<string | undefined> {
    const method = this.#method('GetCapabilities');
    const error = await new Promise<grpc.ServiceError | null>((resolve) => {
      const probeDeadline = Math.max(Date.now() + 100, deadline);
      this.#client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        {},
        new grpc.Metadata(),
        { deadline: probeDeadline },
        (failure) => resolve(failure),
      );
    });
    if (error === null || (error.code !== grpc.status.UNAVAILABLE && error.code !== grpc.status.DEADLINE_EXCEEDED)) return undefined; // the engine answered
    return describeConnectFailure(error.details);
  }

  #method(rpc: RpcName): grpc.MethodDefinition<unknown, unknown> {
    const method = this.#service[rpc];
    if (!method) throw new Error(`the engine proto has no RPC ${rpc}`);
    return method;
  }

  #deserializer(rpc: RpcName): (bytes: Buffer) => unknown {
    let deserialize = this.#deserializers.get(rpc);
    if (!deserialize) {
      deserialize = strictDeserializer(rpc, this.#method(rpc).responseDeserialize);
      this.#deserializers.set(rpc, deserialize);
    }
    return deserialize;
  }

  #callOptions(options: CallOptions | undefined): grpc.CallOptions {
    return { deadline: Date.now() + (options?.deadlineMs ?? this.#defaultDeadlineMs) };
  }

  #metadataFor(options: CallOptions | undefined): grpc.Metadata {
    const metadata = new grpc.Metadata();
    const token = options?.token === undefined ? this.#token : options.token;
    if (token !== null && token !== undefined) metadata.set('authorization', `Bearer ${token}`);
    for (const [key, value] of Object.entries(options?.metadata ?? {})) {
      const name = key.toLowerCase();
      metadata.set(name, name.endsWith('-bin') ? Buffer.from(value, 'base64') : value);
    }
    return metadata;
  }

  async #unary<T extends object>(rpc: RpcName, request: object, options: CallOptions | undefined, decode: (message: WireMessage) => T): Promise<Reply<T>> {
    noteRequest({ surface: 'grpc', rpc, wire: request, ...(options?.deliberatelyInvalid && { deliberatelyInvalid: options.deliberatelyInvalid }) });
    const method = this.#method(rpc);
    const metadata = this.#metadataFor(options);
    const callOptions = this.#callOptions(options);
    const started = performance.now();
    return new Promise<Reply<T>>((resolve, reject) => {
      let headers: Record<string, string[]> = {};
      let outcome: { error: grpc.ServiceError } | { response: unknown } | undefined;
      let status: grpc.StatusObject | undefined;
      // The callback fires just before the 'status' event that carries the trailers; settle on both.
      const settle = (): void => {
        if (!outcome || !status) return;
        if (call) this.#pendingCalls.delete(call);
        options?.signal?.removeEventListener('abort', onAbort);
        if ('error' in outcome) {
          reject(errorFromStatus(rpc, outcome.error));
          return;
        }
        const exchange: RawExchange = { rpc, headers, trailers: metadataToRecord(status.metadata), elapsedMs: performance.now() - started };
        try {
          const body = carryInvalidUtf8(outcome.response, decode(asWire(outcome.response)));
          Object.defineProperty(body, RAW_EXCHANGE, { value: exchange, enumerable: false });
          resolve(body);
        } catch (error) {
          reject(new UnreadableReplyError(rpc, describeError(error)));
        }
      };
      let call: grpc.ClientUnaryCall | undefined;
      const onAbort = (): void => call?.cancel();
      call = this.#client.makeUnaryRequest(method.path, method.requestSerialize, this.#deserializer(rpc), request, metadata, callOptions, (error, response) => {
        outcome = error ? { error } : { response };
        settle();
      });
      this.#pendingCalls.add(call);
      call.on('metadata', (received: grpc.Metadata) => {
        headers = metadataToRecord(received);
      });
      call.on('status', (received: grpc.StatusObject) => {
        status = received;
        settle();
      });
      options?.signal?.addEventListener('abort', onAbort, { once: true });
      if (options?.signal?.aborted) call.cancel();
    });
  }
}

export function createGrpcEngineClient(options: GrpcClientOptions): GrpcEngineClient {
  return new GrpcEngineClient(options);
}

/** For the CLI: resolves when the engine's channel is ready, rejects with one line otherwise. */
export function connectivityCheck(client: GrpcEngineClient, timeoutMs: number): Promise<void> {
  return client.checkConnectivity(timeoutMs);
}
