import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import type { ServiceError, StatusObject } from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/**
 * A deliberately plain gRPC client for the reference-engine tests: protobufjs reflection over the
 * project's engine.proto and grpc-js's generic `Client`, with no harness code and no proto-loader
 * (which the engine uses), so the tests see the bytes another implementation would see.
 * Messages are protobufjs objects with camelCase field names (`runId`, `lastSequence`).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Message = Record<string, unknown>;

export const SERVICE = 'openwop.v1.Engine';

function protoPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'proto')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the package root');
    dir = parent;
  }
  return join(dir, 'proto', 'openwop', 'v1', 'engine.proto');
}

export const protoRoot: protobuf.Root = protobuf.loadSync(protoPath());
const service = protoRoot.lookupService(SERVICE);

const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true, bytes: Buffer };

/** Encodes a plain object through fromObject, so a wrong field name fails loudly here, not on the wire. */
export function encodeMessage(typeName: string, value: Message): Buffer {
  const type = protoRoot.lookupType(typeName);
  assertKnownFields(type, value, '');
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** protobufjs drops unknown keys silently; a test that misspells a field must fail instead. */
function assertKnownFields(type: protobuf.Type, value: Message, path: string): void {
  for (const [key, member] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) throw new Error(`${path}${key} is not a field of ${type.fullName}`);
    field.resolve();
    const memberType = field.resolvedType;
    if (!(memberType instanceof protobuf.Type) || member === null || member === undefined) continue;
    const items: unknown[] = field.repeated && Array.isArray(member) ? member : field.map && isMessage(member) ? Object.values(member) : [member];
    for (const item of items) {
      if (isMessage(item)) assertKnownFields(memberType, item, `${path}${key}.`);
    }
  }
}

export function decodeMessage(typeName: string, bytes: Uint8Array): Message {
  const type = protoRoot.lookupType(typeName);
  return type.toObject(type.decode(bytes), TO_OBJECT);
}

export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export interface StreamResult {
  messages: Message[];
  status: StatusObject;
}

export class RawEngineClient {
  private readonly client: Client;

  constructor(url: string) {
    this.client = new Client(url.replace(/^grpc:\/\//, ''), credentials.createInsecure());
  }

  /** A unary call; rejects with the grpc-js ServiceError (code, details, metadata = trailers). */
  call(rpc: string, request: Message, metadata: Metadata = new Metadata()): Promise<Message> {
    const method = service.methods[rpc];
    if (!method) throw new Error(`no RPC ${rpc}`);
    method.resolve();
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;
    if (!requestType || !responseType) throw new Error(`RPC ${rpc} is not resolved`);
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        `/${SERVICE}/${rpc}`,
        (value: Message) => encodeMessage(requestType.fullName.slice(1), value),
        (bytes: Buffer) => decodeMessage(responseType.fullName.slice(1), bytes),
        request,
        metadata,
        { deadline: Date.now() + 5000 },
        (error: ServiceError | null, response?: Message) => {
          if (error) reject(error);
          else resolve(response ?? {});
        },
      );
    });
  }

  /** A unary call that must fail; resolves with the error. */
  async callFailing(rpc: string, request: Message, metadata?: Metadata): Promise<ServiceError> {
    try {
      await this.call(rpc, request, metadata);
    } catch (error) {
      if (isServiceError(error)) return error;
      throw error;
    }
    throw new Error(`${rpc} succeeded but was expected to fail`);
  }

  /**
   * StreamRunEvents, collected until the server closes (or `until` returns true, after which the
   * client cancels). Resolves with the messages and the final status.
   */
  streamEvents(request: Message, until?: (message: Message) => boolean, metadata: Metadata = new Metadata()): Promise<StreamResult> {
    return new Promise((resolve) => {
      const messages: Message[] = [];
      const call = this.client.makeServerStreamRequest(
        `/${SERVICE}/StreamRunEvents`,
        (value: Message) => encodeMessage('openwop.v1.StreamRunEventsRequest', value),
        (bytes: Buffer) => decodeMessage('openwop.v1.RunEventEnvelope', bytes),
        request,
        metadata,
        { deadline: Date.now() + 10000 },
      );
      call.on('data', (message: Message) => {
        messages.push(message);
        if (until?.(message)) call.cancel();
      });
      call.on('status', (status: StatusObject) => resolve({ messages, status }));
      // Errors are reported through 'status' as well; a listener keeps them from being thrown.
      call.on('error', () => undefined);
    });
  }

  close(): void {
    this.client.close();
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof Error && 'code' in value && typeof value.code === 'number';
}

/** google.protobuf.Struct (protobufjs object form) → JSON, written independently of the engine's codec. */
export function structToJson(struct: unknown): { [key: string]: Json } {
  const result: { [key: string]: Json } = {};
  const fields = isMessage(struct) && isMessage(struct['fields']) ? struct['fields'] : {};
  for (const [key, value] of Object.entries(fields)) result[key] = valueToJson(value);
  return result;
}

function valueToJson(value: unknown): Json {
  if (!isMessage(value)) throw new Error('a Struct field is not a Value');
  switch (value['kind']) {
    case 'nullValue':
      return null;
    case 'numberValue':
      return Number(value['numberValue']);
    case 'stringValue':
      return String(value['stringValue']);
    case 'boolValue':
      return value['boolValue'] === true;
    case 'structValue':
      return structToJson(value['structValue']);
    case 'listValue': {
      const list = value['listValue'];
      const values = isMessage(list) && Array.isArray(list['values']) ? list['values'] : [];
      return values.map(valueToJson);
    }
    default:
      throw new Error(`a Value has no kind (${JSON.stringify(value)})`);
  }
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The trailer value of `grpc-status-details-bin`, if the engine sent one. */
export function statusDetailsBytes(error: ServiceError): Buffer | undefined {
  const [value] = error.metadata.get('grpc-status-details-bin');
  return Buffer.isBuffer(value) ? value : undefined;
}
