import { createHash } from 'node:crypto';
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
export const discoveryDigest = (document: unknown): string => sha256Hex(canonicalJson(document));

/** sha256 of the requirement ids, sorted, one per line: what this run was asked to test. */
export const manifestDigest = (requirementIds: readonly string[]): string => sha256Hex([...requirementIds].sort().join('\n'));

/** sha256 of the RFC 8785 form of the bundle's `results` (totals and every listed requirement). */
export const resultsDigest = (results: unknown): string => sha256Hex(rfc8785(results));

/** sha256 of the RFC 8785 form of the target configuration (target, transport, discovery digest, options). */
export const configurationDigest = (configuration: unknown): string => sha256Hex(canonicalJson(configuration));
