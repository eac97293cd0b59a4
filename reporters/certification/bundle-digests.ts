import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson } from '../../harness/support/json.js';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** RFC 8785 canonical JSON (the `canonicalize` package): the bytes every signature and results digest is taken over. */
export function rfc8785(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('a value with no JSON form cannot be canonicalized');
  return text;
}

/**
 * The discovery document's digest, as the runner pins it in report.json (`capabilitiesSha256`): keys
 * sorted at every level, no whitespace. For JSON a discovery document can hold this is the RFC 8785
 * form too (same key order, same number and string serialisation).
 */
export function discoveryDigest(document: unknown): string {
  const hash = createHash('sha256');
  hashCanonical(document, hash);
  return hash.digest('hex');
}

/** Strings longer than this are escaped and hashed in slices, so no copy of a huge value is made. */
const HASH_SLICE = 64 * 1024;

/**
 * canonicalJson fed to the hash piece by piece: the same bytes, without building the whole text
 * (a 50 MB value in a discovery document cost two 50 MB strings and more, issue 19).
 */
function hashCanonical(value: unknown, hash: Hash): void {
  if (typeof value === 'string' && value.length > HASH_SLICE) {
    hash.update('"');
    for (let start = 0; start < value.length;) {
      let end = Math.min(start + HASH_SLICE, value.length);
      // Never split a surrogate pair: JSON.stringify escapes a lone half differently.
      const last = value.charCodeAt(end - 1);
      if (end < value.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      hash.update(JSON.stringify(value.slice(start, end)).slice(1, -1));
      start = end;
    }
    hash.update('"');
    return;
  }
  if (value === null || typeof value !== 'object') {
    hash.update(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((item, index) => {
      if (index > 0) hash.update(',');
      hashCanonical(item, hash);
    });
    hash.update(']');
    return;
  }
  const record = value as Record<string, unknown>;
  hash.update('{');
  let first = true;
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    if (!first) hash.update(',');
    first = false;
    hash.update(`${JSON.stringify(key)}:`);
    hashCanonical(record[key], hash);
  }
  hash.update('}');
}

/** sha256 of the requirement ids, sorted, one per line: what this run was asked to test. */
export const manifestDigest = (requirementIds: readonly string[]): string => sha256Hex([...requirementIds].sort().join('\n'));

/** sha256 of the RFC 8785 form of the bundle's `results` (totals and every listed requirement). */
export const resultsDigest = (results: unknown): string => sha256Hex(rfc8785(results));

/** sha256 of the RFC 8785 form of the target configuration (target, transport, discovery digest, options). */
export const configurationDigest = (configuration: unknown): string => sha256Hex(canonicalJson(configuration));
