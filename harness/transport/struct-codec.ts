import type { JsonObject, JsonValue } from '../support/json.js';

/**
 * JSON ⇄ google.protobuf.Struct / Value / ListValue / Timestamp / int64, in the object shapes
 * @grpc/proto-loader produces and consumes with `{keepCase, longs: String, enums: String,
 * defaults: false, oneofs: true}`. The protocol carries its JSON documents as Struct (grpc-transport
 * §1.1: proto3 canonical JSON mapping), so this is the one place where wire and JSON meet.
 */

/** google.protobuf.Value as decoded: one `kind` member set, plus (usually) the `kind` discriminator. */
export interface ValueMessage {
  kind?: string;
  nullValue?: string | number | null;
  numberValue?: number | string;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: StructMessage | null;
  listValue?: ListValueMessage | null;
}
export interface StructMessage {
  fields?: Record<string, ValueMessage> | null;
}
export interface ListValueMessage {
  values?: ValueMessage[] | null;
}
/** google.protobuf.Timestamp; `seconds` is a string when decoded with `longs: String`. */
export interface TimestampMessage {
  seconds?: string | number | null;
  nanos?: number | null;
}

const KIND_FIELDS = ['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue'] as const;
type KindField = (typeof KIND_FIELDS)[number];
/** Older loaders (or keepCase over a parsed struct.proto) spell the oneof members in snake_case. */
const SNAKE_CASE_KIND: Record<KindField, string> = {
  nullValue: 'null_value',
  numberValue: 'number_value',
  stringValue: 'string_value',
  boolValue: 'bool_value',
  structValue: 'struct_value',
  listValue: 'list_value',
};

/** Own-property assignment, so a key named `__proto__` stays data instead of replacing the prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ── JSON → wire ─────────────────────────────────────────────────────────────

export function jsonToValue(value: JsonValue, path = '$'): ValueMessage {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  switch (typeof value) {
    case 'boolean':
      return { boolValue: value };
    case 'string':
      return { stringValue: value };
    case 'number':
      // Struct numbers are doubles and JSON has no NaN/Infinity (RFC 8259 §6), so refuse them here.
      if (!Number.isFinite(value)) throw new Error(`cannot encode ${String(value)} at ${path} as google.protobuf.Value: JSON numbers must be finite`);
      return { numberValue: value };
    case 'object':
      return Array.isArray(value) ? { listValue: jsonToListValue(value, path) } : { structValue: jsonToStruct(value, path) };
    default:
      throw new Error(`cannot encode a ${typeof value} at ${path} as google.protobuf.Value`);
  }
}

export function jsonToListValue(items: JsonValue[], path = '$'): ListValueMessage {
  return { values: items.map((item, index) => jsonToValue(item, `${path}[${index}]`)) };
}

export function jsonToStruct(object: JsonObject, path = '$'): StructMessage {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new Error(`cannot encode ${path} as google.protobuf.Struct: expected a JSON object`);
  }
  const fields: Record<string, ValueMessage> = {};
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (item === undefined) continue; // JSON.stringify drops undefined members too
    setOwn(fields, key, jsonToValue(item, `${path}.${key}`));
  }
  return { fields };
}

/** For optional Struct request fields: undefined stays unset on the wire. */
export function optionalStruct(object: JsonObject | undefined, path: string): StructMessage | undefined {
  return object === undefined ? undefined : jsonToStruct(object, path);
}

// ── wire → JSON ─────────────────────────────────────────────────────────────

function memberOf(message: Record<string, unknown>, field: KindField): unknown {
  const camel = message[field];
  return camel !== undefined && camel !== null ? camel : message[SNAKE_CASE_KIND[field]];
}

function selectedKind(message: Record<string, unknown>): KindField | undefined {
  const declared = message['kind'];
  if (typeof declared === 'string') {
    const match = KIND_FIELDS.find((field) => field === declared || SNAKE_CASE_KIND[field] === declared);
    if (match) return match;
  }
  return KIND_FIELDS.find((field) => {
    const member = memberOf(message, field);
    return member !== undefined && member !== null;
  });
}

function asRecord(message: unknown, what: string, path: string): Record<string, unknown> {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new Error(`cannot decode ${what} at ${path}: expected a message object, got ${Array.isArray(message) ? 'an array' : typeof message}`);
  }
  return message as Record<string, unknown>;
}

export function valueToJson(message: unknown, path = '$'): JsonValue {
  const value = asRecord(message, 'google.protobuf.Value', path);
  const kind = selectedKind(value);
  if (kind === undefined) throw new Error(`cannot decode google.protobuf.Value at ${path}: no kind is set`);
  const member = memberOf(value, kind);
  switch (kind) {
    case 'nullValue':
      return null;
    case 'boolValue':
      return member === true;
    case 'stringValue':
      return typeof member === 'string' ? member : '';
    case 'numberValue': {
      const number = member === undefined || member === null ? 0 : Number(member);
      // proto3 JSON spells non-finite doubles as strings; keep them visible instead of failing the call.
      return Number.isFinite(number) ? number : String(number);
    }
    case 'structValue':
      return structToJson(member ?? {}, path) ?? {};
    case 'listValue':
      return listValueToJson(member ?? {}, path);
  }
}

export function listValueToJson(message: unknown, path = '$'): JsonValue[] {
  const values = asRecord(message, 'google.protobuf.ListValue', path)['values'];
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw new Error(`cannot decode google.protobuf.ListValue at ${path}: values is not a list`);
  return values.map((item: unknown, index) => valueToJson(item, `${path}[${index}]`));
}

/** An unset Struct field decodes to undefined (so schema checks see "absent"); an empty one to {}. */
export function structToJson(message: unknown, path = '$'): JsonObject | undefined {
  if (message === undefined || message === null) return undefined;
  const fields = asRecord(message, 'google.protobuf.Struct', path)['fields'];
  const object: JsonObject = {};
  if (fields === undefined || fields === null) return object;
  const entries = asRecord(fields, 'google.protobuf.Struct fields', path);
  for (const key of Object.keys(entries)) {
    setOwn(object, key, valueToJson(entries[key], `${path}.${key}`));
  }
  return object;
}

// ── int64 and Timestamp ─────────────────────────────────────────────────────

/** int64 fields arrive as decimal strings (`longs: String`); beyond 2^53 a JS number would lie. */
export function int64ToNumber(value: string | number | null | undefined, what = 'int64 value'): number {
  if (value === undefined || value === null || value === '') return 0; // proto3 default
  const number = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number)) throw new Error(`${what} ${JSON.stringify(value)} is not an integer`);
  if (!Number.isSafeInteger(number)) {
    throw new Error(`${what} ${String(value)} is outside the safe integer range ±(2^53-1) and cannot be represented exactly`);
  }
  return number;
}

const MIN_TIMESTAMP_SECONDS = -62135596800; // 0001-01-01T00:00:00Z, the Timestamp lower bound
const MAX_TIMESTAMP_SECONDS = 253402300799; // 9999-12-31T23:59:59Z, the upper bound

/**
 * Timestamp → RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as the proto3 JSON mapping
 * writes it; sub-millisecond precision is kept. Unset → undefined.
 */
export function timestampToIso(message: TimestampMessage | null | undefined, what = 'timestamp'): string | undefined {
  if (message === undefined || message === null) return undefined;
  const seconds = int64ToNumber(message.seconds, `${what} seconds`);
  const nanos = message.nanos ?? 0;
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) {
    throw new Error(`${what} seconds=${seconds} is outside the RFC 3339 range 0001-01-01..9999-12-31`);
  }
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw new Error(`${what} nanos=${nanos} is outside 0..999999999`);
  }
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  if (nanos === 0) return `${whole}Z`;
  const digits = String(nanos).padStart(9, '0');
  const fraction = nanos % 1_000_000 === 0 ? digits.slice(0, 3) : nanos % 1000 === 0 ? digits.slice(0, 6) : digits;
  return `${whole}.${fraction}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 → Timestamp, keeping up to nanosecond precision (Date alone would stop at milliseconds). */
export function isoToTimestamp(text: string): { seconds: number; nanos: number } {
  const [, date, time, fraction = '', offset = 'Z'] = RFC3339.exec(text) ?? [];
  if (date === undefined || time === undefined) throw new Error(`${JSON.stringify(text)} is not an RFC 3339 date-time`);
  const wholeMs = Date.parse(`${date}T${time}${offset.toUpperCase()}`);
  // Date.parse rolls 2024-02-30 over into March; RFC 3339 §5.7 says such a date is invalid.
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const calendarDay = new Date(Date.UTC(2000, month - 1, day));
  calendarDay.setUTCFullYear(year);
  if (Number.isNaN(wholeMs) || calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) {
    throw new Error(`${JSON.stringify(text)} is not a valid calendar date-time`);
  }
  const seconds = Math.floor(wholeMs / 1000);
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS) {
    throw new Error(`${JSON.stringify(text)} is outside the google.protobuf.Timestamp range`);
  }
  return { seconds, nanos: fraction === '' ? 0 : Number(fraction.padEnd(9, '0')) };
}
