/** Plain JSON values as they appear once a Struct has been decoded. */
export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path (`runs.pauseResume.supported`) from a JSON document; undefined when absent. */
export function readPath(document: JsonValue | undefined, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const segment of path.split('.')) {
    if (!isJsonObject(current) || !(segment in current)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * Canonical JSON: object keys sorted at every level, no whitespace. Used for the capabilities digest
 * in the report and for comparing documents, so key order on the wire never matters.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** A JSON value as a reason shows it: a string as it is, anything else as JSON (never "[object Object]"). */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
