import type { ReplyField, RpcDescriptor } from '../../../contract/rpc-descriptor.js';
import { rpcDescriptor } from '../../../contract/rpc-table.js';
import type { JsonObject, JsonValue } from '../../support/json.js';
import { isJsonObject } from '../../support/json.js';
import type { UnaryRpcName } from '../rpc-names.js';

/**
 * Each unary RPC as its REST operation (protocol-digest §1.2; REST wire contract table), read from
 * the RPC table (contract/rpc-table.ts): how the request becomes method, path, headers and JSON
 * body, and how the answer becomes the EngineClient reply. Nothing here touches the network.
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

type Values = Record<string, unknown>;

/** The HTTP call of a request; throws when the request cannot be mapped. */
export function httpCallOf(descriptor: RpcDescriptor, request: object): HttpCall {
  const values = request as Values;
  const fields = descriptor.request;
  const path = descriptor.rest.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(values[name] as string));
  const query = fields.filter((field) => field.rest?.in === 'query').map((field) => [field.json, String(values[field.json])]);
  const call: HttpCall = { method: descriptor.rest.method, path: query.length > 0 ? `${path}?${new URLSearchParams(query).toString()}` : path };
  const bodyFields = fields.flatMap((field) =>
    field.rest?.in === 'body' ? [{ member: field.rest.name ?? field.json, value: values[field.json] as JsonValue | undefined }] : [],
  );
  // Undefined members and empty optional strings are dropped, so the body shows exactly what was set.
  if (bodyFields.length > 0)
    call.body = Object.fromEntries(
      bodyFields.filter(({ value }) => value !== undefined && value !== '').map(({ member, value }) => [member, value]),
    ) as JsonObject;
  for (const field of fields) {
    const value = values[field.json];
    if (field.rest?.in === 'header' && typeof value === 'string' && value !== '') call.headers = { ...call.headers, [field.rest.name]: value };
  }
  return call;
}

/** Whether the success body is the bytes themselves (GetArtifact), not JSON. */
export const hasBinaryReply = (descriptor: RpcDescriptor): boolean => descriptor.reply.some((field) => field.rest?.from === 'bytes');

const objectOf = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});

/** The EngineClient reply of a successful answer. */
export function replyFromHttp(descriptor: RpcDescriptor, answer: HttpAnswer, request: object): Record<string, unknown> {
  const reply: Record<string, unknown> = {};
  for (const field of descriptor.reply) {
    const source = field.rest ?? { from: 'member' };
    if (source.from === 'whole-body') reply[field.json] = isJsonObject(answer.json) ? answer.json : undefined;
    else if (source.from === 'bytes') reply[field.json] = answer.bytes;
    else if (source.from === 'header') reply[field.json] = answer.headers[source.name]?.[0] ?? '';
    else if (source.from === 'request') reply[field.json] = (request as Values)[source.field];
    else readMember(reply, field, objectOf(answer.json)[source.name ?? field.json]);
  }
  return reply;
}

const memberName = (field: ReplyField): string => (field.rest?.from === 'member' ? (field.rest.name ?? field.json) : field.json);

/** One body member into the reply; optional members stay absent unless the engine sent their type. */
function readMember(reply: Record<string, unknown>, field: ReplyField, value: JsonValue | undefined): void {
  switch (field.kind) {
    case 'string':
      reply[field.json] = typeof value === 'string' ? value : '';
      return;
    case 'bool':
      reply[field.json] = value === true;
      return;
    case 'struct':
      reply[field.json] = isJsonObject(value) ? value : undefined;
      return;
    case 'bytes':
      reply[field.json] = new Uint8Array();
      return;
    case 'messages':
      reply[field.json] = (Array.isArray(value) ? value : []).map((entry) => {
        const item: Record<string, unknown> = {};
        for (const member of field.fields ?? []) readMember(item, member, objectOf(entry)[memberName(member)]);
        return item;
      });
      return;
    case 'optional-string':
    case 'optional-timestamp':
      if (typeof value === 'string') reply[field.json] = value;
      return;
    case 'optional-struct':
      if (isJsonObject(value)) reply[field.json] = value;
      return;
  }
}

/** The HTTP call a unary RPC's request becomes; undefined when the request cannot be mapped (e.g. malformed). */
export function httpCallFor(rpc: UnaryRpcName, request: unknown): HttpCall | undefined {
  try {
    return httpCallOf(rpcDescriptor(rpc), typeof request === 'object' && request !== null ? request : {});
  } catch {
    return undefined;
  }
}

/**
 * The statuses a success of this RPC may carry over REST (openapi.yaml responses): the operation's
 * own, and for CreateRun with an Idempotency-Key also 200, since a replay from the idempotency
 * cache may be served so (protocol-digest §5: same key and body, the suite accepts 200 or 201).
 */
export function successStatusesFor(rpc: UnaryRpcName, request: unknown): readonly number[] {
  const own = rpcDescriptor(rpc).rest.successStatus;
  const keyed =
    typeof request === 'object' &&
    request !== null &&
    typeof (request as { idempotencyKey?: unknown }).idempotencyKey === 'string' &&
    (request as { idempotencyKey: string }).idempotencyKey !== '';
  return rpc === 'CreateRun' && keyed ? [own, 200] : [own];
}
