import type { ReplyField, RequestField } from '../../contract/rpc-descriptor.js';
import type { JsonObject } from '../support/json.js';
import { optionalStruct, structToJson, timestampToIso } from './struct-codec.js';
import type { WireMessage } from './wire-mapping.js';
import { asOptionalWire, asWire, compact, int64Text, nonEmpty, optionalText, text } from './wire-mapping.js';

/**
 * The gRPC client's reading of the RPC table's field mapping (contract/rpc-table.ts; grpc-transport
 * §1.1): a camelCase request becomes the snake_case proto message, and a proto reply becomes the
 * camelCase EngineClient reply. Unset request fields stay off the wire; unset optional reply
 * fields stay absent, so a schema check can tell "absent" from "empty".
 */

/** The proto message for a request; throws (the call rejects) when a value cannot be encoded. */
export function wireRequest(fields: readonly RequestField[], request: object): WireMessage {
  const values = request as Record<string, unknown>;
  return compact(Object.fromEntries(fields.map((field) => [field.grpc, wireValue(field, values[field.json])])));
}

function wireValue(field: RequestField, value: unknown): unknown {
  switch (field.kind) {
    case 'optional-string':
      return nonEmpty(value as string | undefined);
    case 'struct':
      return optionalStruct(value as JsonObject | undefined, field.json);
    case 'int64':
      // An absent int64 is proto3's default, 0 (ForkRun's from_seq may be left out: REST can omit it, gRPC cannot).
      return int64Text((value ?? 0) as number, field.json);
    case 'string':
    case 'int32':
    case 'repeated':
      return value;
  }
}

/**
 * The EngineClient reply for a proto message. `path` names where a value sits in the message, for
 * the reason of an unreadable reply (`results[2].error`).
 */
export function replyFromWire(fields: readonly ReplyField[], message: WireMessage, path = ''): Record<string, unknown> {
  const reply: Record<string, unknown> = {};
  for (const field of fields) {
    const where = `${path}${field.grpc}`;
    switch (field.kind) {
      case 'string':
        reply[field.json] = text(message, field.grpc);
        break;
      case 'bool':
        reply[field.json] = message[field.grpc] === true;
        break;
      case 'struct':
        // Always present, undefined when unset: the reply's document member is required.
        reply[field.json] = structToJson(message[field.grpc], where);
        break;
      case 'bytes': {
        const bytes = message[field.grpc];
        reply[field.json] = bytes instanceof Uint8Array ? new Uint8Array(bytes) : new Uint8Array();
        break;
      }
      case 'messages': {
        const entries = message[field.grpc];
        reply[field.json] = (Array.isArray(entries) ? entries : []).map((entry: unknown, index: number) =>
          replyFromWire(field.fields ?? [], asWire(entry), `${where}[${index}].`),
        );
        break;
      }
      case 'optional-string':
      case 'optional-struct':
      case 'optional-timestamp': {
        const value = optionalValue(field, message, where);
        if (value !== undefined) reply[field.json] = value;
        break;
      }
    }
  }
  return reply;
}

function optionalValue(field: ReplyField, message: WireMessage, where: string): unknown {
  if (field.kind === 'optional-string') return optionalText(message, field.grpc);
  if (field.kind === 'optional-struct') return structToJson(message[field.grpc], where);
  return timestampToIso(asOptionalWire(message[field.grpc]), where);
}
