import type { PeerView, TestContext } from '../../harness/runner/test-context.js';
import type { BySurface } from '../../harness/parity/surface-diff.js';
import type { JsonValue } from '../../harness/support/json.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import type { EngineClient } from '../../harness/transport/engine-client.js';

/** Pairs the main client's value and the peer's under their surface names (gRPC first when shown). */
export function bySurface<T>(peer: PeerView, main: T, other: T): BySurface<T> {
  return peer.mainSurface === 'grpc' ? { grpc: main, rest: other } : { grpc: other, rest: main };
}

/** The two clients, each under the surface it reaches. */
export function clients(t: TestContext): BySurface<EngineClient> {
  const peer = t.requirePeer();
  return bySurface(peer, t.client, peer.client);
}

/** How one call ended, kept as data so the two surfaces' answers can be compared. */
export type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: RpcError };

/** Awaits a call and captures an RpcError as an outcome; anything else is the suite's problem. */
export async function settle<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await call };
  } catch (error) {
    if (error instanceof RpcError) return { kind: 'error', error };
    throw error;
  }
}

/** Answers that say nothing about the engine's behaviour (no answer, rate limit, our deadline). */
const NO_ANSWER: ReadonlySet<number> = new Set([GrpcCode.UNAVAILABLE, GrpcCode.CANCELLED, GrpcCode.RESOURCE_EXHAUSTED, GrpcCode.DEADLINE_EXCEEDED]);

/**
 * Blocks the check when either surface gave no informative answer: comparing a real answer with an
 * outage would report a difference the engine did not make. Credentials refusals are compared (the
 * auth parity check is about them); `alsoCredentials` blocks on them too, for checks that hold a token.
 */
export function blockOnNoAnswer(outcomes: BySurface<Outcome<unknown>>, what: string, alsoCredentials: boolean): void {
  for (const [surface, outcome] of Object.entries(outcomes)) {
    if (outcome.kind !== 'error') continue;
    const credentials = outcome.error.code === GrpcCode.UNAUTHENTICATED || outcome.error.code === GrpcCode.PERMISSION_DENIED;
    if (!NO_ANSWER.has(outcome.error.code) && !(alsoCredentials && credentials)) continue;
    throw new BlockedError(`${what} over ${surface}: ${uninformativeReason(outcome.error) ?? outcome.error.message}`);
  }
}

/** `OK`, or the status name with the REST status when the transport kept it (RpcError.httpStatus). */
export function describeOutcome(outcome: Outcome<unknown>): string {
  if (outcome.kind === 'ok') return 'OK';
  const http = httpStatusOf(outcome.error);
  const envelope = outcome.error.envelopeCode ? ` ${outcome.error.envelopeCode}` : '';
  return `${outcome.error.codeName}${http === undefined ? '' : ` (HTTP ${http})`}${envelope}`;
}

/** The native HTTP status a REST client keeps on its RpcError for the report; undefined over gRPC. */
export function httpStatusOf(error: RpcError): number | undefined {
  const value: unknown = Reflect.get(error, 'httpStatus');
  return typeof value === 'number' ? value : undefined;
}

/** A value as plain JSON: drops the `undefined` fields a client leaves for "unset on the wire". */
export function plainJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
