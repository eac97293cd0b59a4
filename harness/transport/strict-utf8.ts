import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import { ENGINE_PROTO_PATH } from '../support/package-paths.js';

/**
 * Strict UTF-8 for proto strings. protobuf's `string` must be valid UTF-8 (protobuf language guide,
 * "Scalar value types"), but protobufjs decodes leniently and turns bad bytes into U+FFFD, so a
 * check would see a plausible string. This walks the raw reply once more, guided by the message
 * type, and decodes every string field with a fatal TextDecoder; the paths it returns name the
 * JSON location the suite reads (Struct keys and list indexes, not the wrapper fields).
 */

/** The invalid strings found in one decoded message, keyed on the message object. */
export const INVALID_UTF8: unique symbol = Symbol('openwop.invalidUtf8');

/** A hostile reply may nest Structs 10,000 deep; past this depth strings are not scanned. */
const MAX_DEPTH = 200;
/** Listing a few is enough to report the fault; a reply full of them is not listed in full. */
const MAX_FOUND = 10;

let root: protobuf.Root | undefined;

/** The response type of an RPC of openwop.v1.Engine, from the same proto the client loads. */
export function responseTypeOf(rpc: string): protobuf.Type {
  if (!root) {
    root = new protobuf.Root().loadSync(ENGINE_PROTO_PATH(), { keepCase: true });
    root.resolveAll();
  }
  const method = root.lookupService('openwop.v1.Engine').methods[rpc];
  const type = method?.resolvedResponseType;
  if (!type) throw new Error(`the engine proto has no RPC ${rpc}`);
  return type;
}

// buffer.isUtf8 validates in place; a fatal TextDecoder decoded each string to check it, a
// throwaway copy (a 50 MB value cost 50–100 MB more, issue 19).
const isValid = (bytes: Uint8Array): boolean => isUtf8(bytes);

/** JSON-pointer segment for a path inside the decoded document. */
const segment = (name: string): string => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Struct, Value and ListValue are JSON in the suite's view: no segment for their own fields. */
const TRANSPARENT = new Set(['.google.protobuf.Value', '.google.protobuf.ListValue', '.google.protobuf.Struct']);

interface Walk {
  found: string[];
}

function scanMessage(type: protobuf.Type, bytes: Uint8Array, path: string, depth: number, walk: Walk): void {
  if (depth > MAX_DEPTH || walk.found.length >= MAX_FOUND) return;
  const reader = protobuf.Reader.create(bytes);
  let listIndex = 0;
  while (reader.pos < reader.len && walk.found.length < MAX_FOUND) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    if (!field || wireType !== 2) {
      reader.skipType(wireType);
      continue;
    }
    const chunk = reader.bytes();
    const transparent = TRANSPARENT.has(type.fullName);
    const here = transparent ? path : path + segment(field.name);
    if (field instanceof protobuf.MapField) {
      scanMapEntry(field, chunk, here, depth, walk);
    } else if (field.type === 'string') {
      if (!isValid(chunk)) walk.found.push(here || '/');
    } else if (field.resolvedType instanceof protobuf.Type) {
      const inList = type.fullName === '.google.protobuf.ListValue';
      scanMessage(field.resolvedType, chunk, inList ? `${path}/${listIndex++}` : here, depth + 1, walk);
    }
  }
}

/** A map entry is a message of its own: key = 1, value = 2. The key names the path segment. */
function scanMapEntry(field: protobuf.MapField, bytes: Uint8Array, path: string, depth: number, walk: Walk): void {
  const reader = protobuf.Reader.create(bytes);
  let key = '?';
  let value: Uint8Array | undefined;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === 1 && wireType === 2 && field.keyType === 'string') {
      const raw = reader.bytes();
      key = Buffer.from(raw).toString('utf8');
      if (!isValid(raw)) walk.found.push(`${path}${segment(key)} (a key)`);
    } else if (tag >>> 3 === 2 && wireType === 2) {
      value = reader.bytes();
    } else {
      reader.skipType(wireType);
    }
  }
  if (value === undefined) return;
  const keyed = path + segment(key);
  if (field.type === 'string') {
    if (!isValid(value)) walk.found.push(keyed);
  } else if (field.resolvedType instanceof protobuf.Type) {
    scanMessage(field.resolvedType, value, keyed, depth + 1, walk);
  }
}

/**
 * The JSON paths of every string in the message that is not valid UTF-8 (at most a few). Never
 * throws: bytes the walk cannot parse are the decoder's to report.
 */
export function invalidUtf8Paths(type: protobuf.Type, bytes: Uint8Array): string[] {
  const walk: Walk = { found: [] };
  try {
    scanMessage(type, bytes, '', 0, walk);
  } catch {
    // Malformed framing: protobufjs rejects it on its own decode, with its own message.
  }
  return walk.found;
}

/** Wraps a grpc-js deserializer so each decoded message carries the invalid strings it had. */
export function strictDeserializer(rpc: string, deserialize: (bytes: Buffer) => unknown): (bytes: Buffer) => unknown {
  const type = responseTypeOf(rpc);
  return (bytes: Buffer) => {
    const message = deserialize(bytes);
    const found = invalidUtf8Paths(type, bytes);
    if (found.length > 0 && typeof message === 'object' && message !== null) Object.defineProperty(message, INVALID_UTF8, { value: found, enumerable: false });
    return message;
  };
}

/** The invalid strings recorded on a decoded message or event, if any. */
export function invalidUtf8Of(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as { [INVALID_UTF8]?: string[] })[INVALID_UTF8];
  return found && found.length > 0 ? found : undefined;
}

/** Copies the record from a decoded wire message to what the suite built from it. */
export function carryInvalidUtf8<T extends object>(from: unknown, to: T): T {
  const found = invalidUtf8Of(from);
  if (found) Object.defineProperty(to, INVALID_UTF8, { value: found, enumerable: false });
  return to;
}
