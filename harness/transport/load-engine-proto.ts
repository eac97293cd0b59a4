import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { ENGINE_PROTO_PATH } from '../support/package-paths.js';
import { ENGINE_SERVICE } from './rpc-names.js';

/**
 * The wire contract, loaded once per process. The loader options fix the object shapes the codecs
 * expect: proto field names as written (snake_case), int64 as decimal strings, enums by name, unset
 * fields absent (so "absent" and "empty" stay distinguishable) and the oneof name (`kind`) present.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

export interface EngineProto {
  packageDefinition: protoLoader.PackageDefinition;
  /** grpc-js client class for `openwop.v1.Engine`. */
  EngineClient: grpc.ServiceClientConstructor;
  /** Method table keyed by RPC name (`GetRun`), with paths, streaming flags and (de)serializers. */
  service: grpc.ServiceDefinition;
}

let loaded: EngineProto | undefined;

function isServiceClientConstructor(value: unknown): value is grpc.ServiceClientConstructor {
  return typeof value === 'function' && typeof (value as { service?: unknown }).service === 'object';
}

export function loadEngineProto(protoPath: string = ENGINE_PROTO_PATH()): EngineProto {
  const useCache = protoPath === ENGINE_PROTO_PATH();
  if (useCache && loaded) return loaded;
  const packageDefinition = protoLoader.loadSync(protoPath, PROTO_LOADER_OPTIONS);
  const grpcObject = grpc.loadPackageDefinition(packageDefinition);
  let node: unknown = grpcObject;
  for (const segment of ENGINE_SERVICE.split('.')) {
    node = typeof node === 'object' || typeof node === 'function' ? (node as Record<string, unknown> | null)?.[segment] : undefined;
  }
  if (!isServiceClientConstructor(node)) throw new Error(`${protoPath} does not define the service ${ENGINE_SERVICE}`);
  const proto: EngineProto = { packageDefinition, EngineClient: node, service: node.service };
  if (useCache) loaded = proto;
  return proto;
}

/** The (de)serializer pair of one message type of the contract, e.g. `google.protobuf.Struct`. */
export function engineMessageType(fullName: string): protoLoader.MessageTypeDefinition<object, object> {
  const definition = loadEngineProto().packageDefinition[fullName];
  if (!definition || !('serialize' in definition) || !('deserialize' in definition)) {
    throw new Error(`the engine proto has no message type ${fullName}`);
  }
  return definition as protoLoader.MessageTypeDefinition<object, object>;
}
