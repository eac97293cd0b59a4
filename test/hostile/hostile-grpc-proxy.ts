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
          if (hostility.streamNeverEnds) return void (heldStreams += 1, open.add(call));
          call.emit('error', { code: error.code ?? status.UNKNOWN, details: error.details ?? '', metadata: error.metadata });
        });
        forwarded.on('end', () => {
          if (hostility.streamNeverEnds) return void (heldStreams += 1, open.add(call));
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
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
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
