import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification of a webhook delivery as webhooks.md prescribes for receivers (runs-events-digest
 * §6): `X-openwop-Signature: sha256=<hex>` must equal HMAC-SHA256(secret, "{timestamp}.{rawBody}")
 * with the `X-openwop-Timestamp` header (unix seconds) as the timestamp, compared in constant time;
 * `X-openwop-Signature-Algorithm` is `v1` or absent (an unknown scheme is rejected); the timestamp
 * lies within ±300 s of the receiver's clock. node:crypto is the platform's HMAC; nothing to add.
 */

export const SIGNATURE_HEADER = 'x-openwop-signature';
export const TIMESTAMP_HEADER = 'x-openwop-timestamp';
export const ALGORITHM_HEADER = 'x-openwop-signature-algorithm';
/** webhooks.md: receivers accept timestamps within ±300 s. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export interface SignatureVerdict {
  valid: boolean;
  /** Why the signature is not valid, in words for a report; absent when valid. */
  problem?: string;
}

export function expectedSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

/** Headers are read lowercase, as node:http gives them. */
export function verifySignature(secret: string, headers: Readonly<Record<string, string | undefined>>, rawBody: string): SignatureVerdict {
  const algorithm = headers[ALGORITHM_HEADER];
  if (algorithm !== undefined && algorithm !== 'v1') return { valid: false, problem: `unknown ${ALGORITHM_HEADER} "${algorithm}" (only v1 is defined)` };
  const timestamp = headers[TIMESTAMP_HEADER];
  if (timestamp === undefined || !/^\d+$/.test(timestamp))
    return { valid: false, problem: `no unix-seconds ${TIMESTAMP_HEADER} header to sign over (got ${JSON.stringify(timestamp ?? null)})` };
  const given = headers[SIGNATURE_HEADER];
  if (given === undefined) return { valid: false, problem: `no ${SIGNATURE_HEADER} header` };
  if (!/^sha256=[0-9a-f]{64}$/i.test(given)) return { valid: false, problem: `${SIGNATURE_HEADER} "${given}" is not sha256=<64 hex digits>` };
  const expected = Buffer.from(expectedSignature(secret, timestamp, rawBody), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  if (!timingSafeEqual(expected, actual)) return { valid: false, problem: `${SIGNATURE_HEADER} does not match HMAC-SHA256(secret, "{timestamp}.{rawBody}")` };
  return { valid: true };
}

/** Seconds between the delivery's timestamp header and the receiver's clock; undefined when the header is unusable. */
export function timestampSkewSeconds(headers: Readonly<Record<string, string | undefined>>, receivedAtMs: number): number | undefined {
  const timestamp = headers[TIMESTAMP_HEADER];
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return undefined;
  return Math.round(receivedAtMs / 1000) - Number(timestamp);
}
