import { Client, Metadata, Server, ServerCredentials, credentials, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServerWritableStream, ServiceDefinition, UntypedServiceImplementation, sendUnaryData } from '@grpc/grpc-js';
import { loadEngineService } from '../../fixtures/reference-engine/wire/engine-proto.js';
import { packageFiles } from '../../fixtures/reference-engine/catalogue/package-files.js';

/**
 * A hostile engine made from a well-behaved one: a byte-level gRPC proxy in front of the reference
 * engine that forwards every call unchanged except where `hostility` says otherwise. Bytes pass
 * through undecoded, so whatever the reference engine does right stays right; only the one
 * behaviour under test is wrong.
 */
export interface Hostility {
  /** StreamRunEvents relays every event but never ends: neither the engine's OK nor its error reaches the client. */
  streamNeverEnds?: boolean;
  /** Replaces a unary reply's bytes (e.g. a huge Struct); the request's bytes and the RPC name are given. */
  replaceReply?: (rpc: string, reply: Buffer) => Buffer | undefined;
}

export interface RunningProxy {
  readonly url: string;
  /** StreamRunEvents calls the proxy held open (each would have ended at the reference engine). */
  readonly heldStreams: number;
  stop(): Promise<void>;
}

const identity = (bytes: Buffer): Buffer => bytes;

export async function startHostileProxy(upstreamUrl: string, hostility: Hostility): Promise<RunningProxy> {
  const upstream = new Client(upstreamUrl.replace(/^grpc:\/\//, ''), credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
  const service = loadEngineService(packageFiles().protoPath);
  const raw: Record<string, ServiceDefinition[string]> = {};
  const handlers: UntypedServiceImplementation = {};
  let heldStreams = 0;
  const open = new Set<ServerWritableStream<Buffer, Buffer>>();
  for (const [name, method] of Object.entries(service)) {
    raw[name] = { ...method, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
    if (method.responseStream) {
      handlers[name] = (call: ServerWritableStream<Buffer, Buffer>) => {
        const forwarded = upstream.makeServerStreamRequest(method.path, identity, identity, call.request, call.metadata, {});
        forwarded.on('data', (chunk: Buffer) => call.write(chunk));
        forwarded.on('error', (error: { code?: number; details?: string; metadata?: Metadata }) => {
          if (hostility.streamNeverEnds) return void ((heldStreams += 1), open.add(call));
          call.emit('error', { code: error.code ?? status.UNKNOWN, details: error.details ?? '', metadata: error.metadata });
        });
        forwarded.on('end', () => {
          if (hostility.streamNeverEnds) return void ((heldStreams += 1), open.add(call));
          call.end();
        });
        call.on('cancelled', () => {
          open.delete(call);
          forwarded.cancel();
        });
      };
    } else {
      handlers[name] = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        upstream.makeUnaryRequest(method.path, identity, identity, call.request, call.metadata, {}, (error, reply) => {
          if (error) return callback(error, null, error.metadata);
          const replaced = reply && hostility.replaceReply?.(name, reply);
          callback(null, replaced ?? reply);
        });
      };
    }
  }
  const server = new Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
  server.addService(raw, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    url: `grpc://127.0.0.1:${port}`,
    get heldStreams() {
      return heldStreams;
    },
    async stop() {
      for (const call of open) call.end();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
      upstream.close();
    },
  };
}

/** Protobuf base-128 varint. */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
const delimited = (field: number, body: Buffer): Buffer => Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);

/** Reads a varint at `offset`: its value and the offset after it. */
function readVarint(bytes: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let next = offset;
  for (;;) {
    const byte = bytes[next] ?? 0;
    next += 1;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next };
    scale *= 0x80;
  }
}

/**
 * Adds the member `key` (a string of `size` characters) to the Struct at field 1 of a reply
 * (GetCapabilities, GetWorkflow, GetRun all carry their document there, and nothing else): the
 * Struct's map is a repeated field, so one more entry appended inside it is one more member.
 */
export function withLargeStructMember(reply: Buffer, key: string, size: number): Buffer {
  const { value: length, next } = readVarint(reply, 1); // reply[0] is field 1's tag
  const struct = reply.subarray(next, next + length);
  const value = delimited(3, Buffer.alloc(size, 'x')); // google.protobuf.Value.string_value
  const entry = Buffer.concat([delimited(1, Buffer.from(key)), delimited(2, value)]); // map<string, Value> entry
  return delimited(1, Buffer.concat([struct, delimited(1, entry)]));
}
