import { createHash } from 'node:crypto';
import { MAX_ENGINE_TEXT } from '../harness/support/engine-text.js';
import type { JsonObject, JsonValue } from '../harness/support/json.js';
import { discoveryDigest } from './certification/bundle-digests.js';

/**
 * Engine-chosen documents in a report, bounded. The 600-character rule for engine text
 * (harness/support/engine-text.ts, MAX_ENGINE_TEXT) applied to the values of a document: a
 * hostile engine accepted under the 64 MiB receive limit could otherwise put a 50 MB string into
 * its discovery document and so into report.json, report.html and both bundles (issue 19: ~52 MB
 * each, 1.1 GB peak memory). A longer string keeps its start, its size and its sha256; a document
 * still larger than MAX_DOCUMENT_CHARS keeps only its size and digest. Either way the document
 * says so in the member BOUND_MARKER, which also carries the digest of the document as served
 * (what capabilitiesSha256 pins and `verify --target` compares).
 */

/** The longest JSON form of a document kept in a report (2 MiB: a 20,000-fixture list fits). */
export const MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;

/** The member a bounded document carries (an x- member: ignored by readers, per extension rules). */
export const BOUND_MARKER = 'x-openwop-conformance-bounded';

export interface DocumentBound {
  /** sha256 of the canonical JSON of the document as the engine served it. */
  sha256: string;
  /** Characters of that canonical JSON. */
  chars: number;
  /** Strings cut to MAX_ENGINE_TEXT characters (each says its size and sha256 where it was cut). */
  valuesCut: number;
  /** True when even the cut document was over MAX_DOCUMENT_CHARS, so nothing but this record is kept. */
  wholeDocumentOmitted: boolean;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Characters of JSON.stringify(text), counted without making it. */
function quotedLength(text: string): number {
  if (text.length <= MAX_ENGINE_TEXT) return JSON.stringify(text).length;
  let length = 2;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) length += 2;
    else if (code < 0x20) length += 6;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 2;
        index += 1;
      } else length += 6;
    } else if (code >= 0xdc00 && code <= 0xdfff) length += 6;
    else length += 1;
  }
  return length;
}

/** Characters of canonicalJson(value), counted without making it. */
export function canonicalLength(value: JsonValue | undefined): number {
  if (typeof value === 'string') return quotedLength(value);
  if (value === null || value === undefined || typeof value !== 'object') return (JSON.stringify(value) ?? 'null').length;
  if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1) + value.reduce<number>((total, item) => total + canonicalLength(item), 0);
  const members = Object.entries(value).filter(([, member]) => member !== undefined);
  return 2 + Math.max(0, members.length - 1) + members.reduce((total, [key, member]) => total + quotedLength(key) + 1 + canonicalLength(member), 0);
}

/** A string over the bound: its start, then how much was left out and the digest of the whole. */
export function boundString(text: string, max: number = MAX_ENGINE_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters; ${text.length} in all, sha256 ${sha256(text)})`;
}

function boundValues(value: JsonValue, cut: { count: number }): JsonValue {
  if (typeof value === 'string') {
    if (value.length <= MAX_ENGINE_TEXT) return value;
    cut.count += 1;
    return boundString(value);
  }
  if (Array.isArray(value)) return value.map((item) => boundValues(item, cut));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      const boundKey = key.length <= MAX_ENGINE_TEXT ? key : ((cut.count += 1), boundString(key));
      out[boundKey] = boundValues(member, cut);
    }
    return out;
  }
  return value;
}

/** Whether a document has a string or key longer than MAX_ENGINE_TEXT (cheap: no copy is made). */
function hasLongText(value: JsonValue): boolean {
  if (typeof value === 'string') return value.length > MAX_ENGINE_TEXT;
  if (Array.isArray(value)) return value.some(hasLongText);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, member]) => key.length > MAX_ENGINE_TEXT || (member !== undefined && hasLongText(member)));
  return false;
}

/**
 * The document as a report keeps it: unchanged when within the bounds (the usual case: no copy),
 * else bounded and marked. `servedSha256`, when known, spares hashing the whole document again.
 */
export function boundDocument(document: JsonObject, servedSha256?: string | null): JsonObject {
  if (!hasLongText(document)) {
    if (canonicalLength(document) <= MAX_DOCUMENT_CHARS) return document;
    return { [BOUND_MARKER]: bound(document, servedSha256, 0, true) };
  }
  const cut = { count: 0 };
  const bounded = boundValues(document, cut) as JsonObject;
  const whole = canonicalLength(bounded) > MAX_DOCUMENT_CHARS;
  const marker = bound(document, servedSha256, cut.count, whole) as unknown as JsonValue;
  return whole ? { [BOUND_MARKER]: marker } : { ...bounded, [BOUND_MARKER]: marker };
}

function bound(document: JsonObject, servedSha256: string | null | undefined, valuesCut: number, wholeDocumentOmitted: boolean): JsonObject {
  const record: DocumentBound = { sha256: servedSha256 ?? discoveryDigest(document), chars: canonicalLength(document), valuesCut, wholeDocumentOmitted };
  return { ...record };
}

/** The bound a report's document carries, when it was bounded. */
export function documentBound(document: JsonObject | null | undefined): DocumentBound | undefined {
  const marker = document?.[BOUND_MARKER];
  if (!marker || typeof marker !== 'object' || Array.isArray(marker)) return undefined;
  const { sha256: digest, chars, valuesCut, wholeDocumentOmitted } = marker;
  if (typeof digest !== 'string' || typeof chars !== 'number' || typeof valuesCut !== 'number' || typeof wholeDocumentOmitted !== 'boolean') return undefined;
  return { sha256: digest, chars, valuesCut, wholeDocumentOmitted };
}
