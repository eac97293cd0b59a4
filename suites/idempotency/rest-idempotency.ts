import type { TestContext } from '../../harness/runner/test-context.js';
import type { RawHttpResponse } from '../../harness/transport/engine-client.js';
import { isJsonObject } from '../../harness/support/json.js';
import { blockOnUninformative, jsonBody, raw } from '../rest/raw-http.js';

/**
 * What the REST idempotency checks share: raw HTTP with an `Idempotency-Key` header (the REST
 * carrier, idempotency.md Layer 1) and the replay header a cache-served answer carries (§Response).
 */

export const REPLAY_HEADER = 'openwop-idempotent-replay';

/** The replay header's value(s), trimmed, or undefined when absent. */
export function replayHeaderOf(response: RawHttpResponse): string | undefined {
  const values = response.headers[REPLAY_HEADER];
  return values === undefined || values.length === 0 ? undefined : values.map((value) => value.trim()).join(', ');
}

/** Sends a request carrying the key; an answer that says nothing about the engine blocks. */
export async function withKey(
  t: TestContext,
  what: string,
  request: { method: 'GET' | 'POST'; path: string; json?: unknown },
  key: string,
): Promise<RawHttpResponse> {
  const response = await raw(t, { ...request, headers: { 'idempotency-key': key, accept: 'application/json' } });
  blockOnUninformative(t, what, response, { authRefusalBlocks: true });
  return response;
}

/** A string member of a JSON object body, or undefined. */
export function bodyText(response: RawHttpResponse, member: string): string | undefined {
  const body = jsonBody(response);
  return isJsonObject(body) && typeof body[member] === 'string' ? body[member] : undefined;
}
