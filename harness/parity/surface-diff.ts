import diff from 'microdiff';
import type { JsonValue } from '../support/json.js';
import type { Surface } from '../transport/peer-client.js';

/**
 * Compares what one engine said over its two surfaces, after the proto↔JSON normalisation the
 * spec's own parity checks presume (protocol-digest §1.6 check 1, §1.1 "proto3 canonical JSON
 * mapping"). The deep diff is microdiff's; this module only normalises and words the findings.
 */

/** One value seen over each surface. */
export type BySurface<T> = Record<Surface, T>;

/** RFC 3339 date-time (the `format: date-time` of the schemas), fraction and offset captured. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The instant a date-time names, as one canonical text: proto Timestamps come back as UTC `Z` with
 * 0, 3, 6 or 9 fraction digits (proto3 JSON mapping), while a JSON surface may send an offset or
 * another precision. Same instant, same text; anything unparseable is left as it was.
 */
export function canonicalInstant(text: string): string {
  const match = DATE_TIME.exec(text);
  if (!match) return text;
  const [, date, time, fraction = '', offset = 'Z'] = match;
  const seconds = Date.parse(`${date}T${time}${offset.toUpperCase()}`);
  if (Number.isNaN(seconds)) return text;
  const iso = new Date(seconds).toISOString().slice(0, 19);
  return `${iso}.${fraction.padEnd(9, '0')}Z`;
}

/**
 * Normalises a JSON value for comparison across surfaces: Struct numbers are doubles, so 5 and 5.0
 * are one number already in JavaScript and only -0 needs folding; date-time strings compare as
 * instants. Key order never matters (the diff is by key). Nothing else is changed: any other
 * difference is one the spec does not allow (§1.1 "no gRPC-only semantics").
 */
export function normaliseForComparison(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (typeof value === 'string') return canonicalInstant(value);
  if (Array.isArray(value)) return value.map((item) => normaliseForComparison(item) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const normalised = normaliseForComparison(item);
      if (normalised !== undefined) out[key] = normalised;
    }
    return out;
  }
  return value;
}

/** `limits.maxRequestBodyBytes`, `nodes[2].id`, `["odd key"]`; the root itself is `(root)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}

const MAX_SHOWN = 80;
function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  // JSON.stringify answers undefined only for a function or a symbol, which no wire value is.
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * Whether a schema defines the member at `path` (relative to the document the schema describes).
 * Walks `properties` (and `items` for array steps) of one document; where the schema stops
 * describing (no `properties`, a `$ref`, a free-form object) every member counts as known, so a
 * difference there stays a difference. False only for a member the schema's properties lack.
 */
export function schemaKnowsPath(schema: Readonly<Record<string, unknown>> | undefined, path: readonly (string | number)[]): boolean {
  let node: unknown = schema;
  for (const step of path) {
    if (typeof node !== 'object' || node === null || '$ref' in node) return true;
    const record = node as Record<string, unknown>;
    if (typeof step === 'number') {
      node = record['items'];
      continue;
    }
    const properties = record['properties'];
    if (typeof properties !== 'object' || properties === null) return true;
    if (!Object.hasOwn(properties, step)) return false;
    node = (properties as Record<string, unknown>)[step];
  }
  return true;
}

/**
 * Members present over one surface only that the document's schema does not define: readers
 * ignore unknown fields (RFC 0094 §G), so parity compares only members both surfaces' schema
 * knows and reports such an extra one as a warning (one line each, `snapshot.x-shard: rest only`).
 */
export function unknownOneSidedMembers(
  values: BySurface<JsonValue | undefined>,
  schema: Readonly<Record<string, unknown>> | undefined,
  prefix: readonly (string | number)[] = [],
): { ignore: Set<string>; notes: string[] } {
  const grpc = normaliseForComparison(values.grpc);
  const rest = normaliseForComparison(values.rest);
  const ignore = new Set<string>();
  const notes: string[] = [];
  const containers = typeof grpc === 'object' && grpc !== null && typeof rest === 'object' && rest !== null && Array.isArray(grpc) === Array.isArray(rest);
  if (!containers || !schema) return { ignore, notes };
  for (const change of diff(grpc, rest)) {
    if ((change.type !== 'CREATE' && change.type !== 'REMOVE') || schemaKnowsPath(schema, change.path)) continue;
    const path = formatPath([...prefix, ...change.path]);
    ignore.add(path);
    notes.push(
      `${path}: present over ${change.type === 'CREATE' ? 'rest' : 'grpc'} only, a member the schema does not define (ignored, as readers must, RFC 0094 §G)`,
    );
  }
  return { ignore, notes };
}

/**
 * Every difference between the two surfaces' values, one line each, gRPC first:
 * `limits.maxRequestBodyBytes: grpc 1048576, rest 2097152`. Empty when they agree.
 */
export function surfaceDifferences(
  values: BySurface<JsonValue | undefined>,
  prefix: readonly (string | number)[] = [],
  ignore: ReadonlySet<string> = new Set(),
): string[] {
  const grpc = normaliseForComparison(values.grpc);
  const rest = normaliseForComparison(values.rest);
  const line = (path: readonly (string | number)[], left: unknown, right: unknown): string =>
    `${formatPath([...prefix, ...path])}: grpc ${show(left)}, rest ${show(right)}`;
  // microdiff compares containers; anything else (or a container against a scalar) is one difference.
  const containers = typeof grpc === 'object' && grpc !== null && typeof rest === 'object' && rest !== null && Array.isArray(grpc) === Array.isArray(rest);
  if (!containers) return grpc === rest ? [] : [line([], values.grpc, values.rest)];
  return diff(grpc, rest)
    .filter((change) => !ignore.has(formatPath([...prefix, ...change.path])))
    .map((change) => {
      switch (change.type) {
        case 'CREATE':
          return line(change.path, undefined, change.value);
        case 'REMOVE':
          return line(change.path, change.oldValue, undefined);
        case 'CHANGE':
          return line(change.path, change.oldValue, change.value);
      }
    });
}

/**
 * The paths (formatted, under `prefix`) at which two answers of ONE surface to the same request
 * differ: per-call values (timestamps, correlation ids) that no surface can be asked to repeat.
 */
export function varyingPaths(first: JsonValue | undefined, second: JsonValue | undefined, prefix: readonly (string | number)[] = []): Set<string> {
  const a = normaliseForComparison(first);
  const b = normaliseForComparison(second);
  const containers = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!containers) return a === b ? new Set() : new Set([formatPath(prefix)]);
  return new Set(diff(a, b).map((change) => formatPath([...prefix, ...change.path])));
}

/** At most `limit` differences listed, the rest counted, for a reason that stays one readable line. */
export function listDifferences(lines: readonly string[], limit = 8): string {
  const shown = lines.slice(0, limit).join('; ');
  return lines.length > limit ? `${shown}; and ${lines.length - limit} more` : shown;
}
