import type { JsonObject, JsonValue } from '../../harness/support/json.js';
import { isJsonObject } from '../../harness/support/json.js';
import type { RunEvent } from '../../harness/transport/engine-client.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { hitlDeadline } from './hitl-fixtures.js';
import { StreamExpiry } from '../../harness/waits/stream-expiry.js';

/**
 * Where an engine exposes an interrupt's signed token. The spec defines the token (interrupt.md:
 * `base64url(claims).hmac`, scoped to one interrupt) but no field for it; the upstream suite reads
 * the snapshot's `interrupt.interruptToken` or the token in a `callbackUrl` path
 * (`/v1/interrupts/{token}`), and the interrupt.requested payload is the other natural carrier.
 */

export interface FoundToken {
  token: string;
  /** Where it was found, for the report. */
  where: string;
}

const TOKEN_FIELDS = ['interruptToken', 'token', 'callbackToken', 'resumeToken'] as const;

/** The token in one object: a token field, or the last path segment after `/interrupts/` in a callbackUrl. */
function tokenIn(value: JsonValue | undefined, where: string): FoundToken | undefined {
  if (!isJsonObject(value)) return undefined;
  for (const field of TOKEN_FIELDS) {
    const token = value[field];
    if (typeof token === 'string' && token !== '') return { token, where: `${where}.${field}` };
  }
  const url = value['callbackUrl'];
  if (typeof url === 'string') {
    const match = /\/interrupts\/([^/?#]+)/.exec(url);
    if (match?.[1]) return { token: decodeURIComponent(match[1]), where: `${where}.callbackUrl` };
  }
  return undefined;
}

export function tokenInSnapshot(snapshot: JsonObject): FoundToken | undefined {
  const single = tokenIn(snapshot['interrupt'], 'snapshot.interrupt');
  if (single) return single;
  const list = snapshot['interrupts'];
  if (Array.isArray(list)) {
    for (const [index, entry] of list.entries()) {
      const found = tokenIn(entry, `snapshot.interrupts[${index}]`);
      if (found) return found;
    }
  }
  return tokenIn(snapshot, 'snapshot');
}

/**
 * Reads a live run's events from the start until `wanted` returns true for one of them (the run is
 * waiting, so no terminal event will end the stream). The deadline is the suite's: missing it blocks.
 * An engine that refuses the -1 cursor (the seed contract's, not the spec's) is read from 0, which
 * loses only run.started.
 */
export async function eventsUntil(t: TestContext, runId: string, wanted: (event: RunEvent) => boolean, what: string): Promise<RunEvent[]> {
  try {
    return await readUntil(t, runId, -1, wanted, what);
  } catch (error) {
    if (!(error instanceof RpcError) || !CURSOR_REFUSALS.has(error.code)) throw error;
    t.warn(`StreamRunEvents refused last_sequence -1 (${error.codeName}); read from 0 instead`);
    return readUntil(t, runId, 0, wanted, what);
  }
}

const CURSOR_REFUSALS: ReadonlySet<number> = new Set([GrpcCode.INVALID_ARGUMENT, GrpcCode.OUT_OF_RANGE, GrpcCode.FAILED_PRECONDITION]);

async function readUntil(t: TestContext, runId: string, lastSequence: number, wanted: (event: RunEvent) => boolean, what: string): Promise<RunEvent[]> {
  const deadline = hitlDeadline(t, what);
  const stream = t.client.streamRunEvents({ runId, lastSequence }, { deadlineMs: deadline.ms + 1_000 });
  const iterator = stream[Symbol.asyncIterator]();
  const events: RunEvent[] = [];
  const expiry = new StreamExpiry(deadline.ms);
  try {
    for (;;) {
      const next = await expiry.next(iterator);
      if (next === 'expired') throw new BlockedError(`precondition not reached: ${what} did not arrive within ${deadline.ms} ms (${deadline.basis})`);
      if (next.done) throw new BlockedError(`precondition not reached: the event stream of run ${runId} ended before ${what}`);
      events.push(next.value);
      if (wanted(next.value)) return events;
    }
  } finally {
    expiry.dispose();
    stream.cancel();
  }
}

/** The interrupt.requested event of `nodeId`, named by the envelope or by the payload. */
export function isRequestedAt(nodeId: string) {
  return (event: RunEvent): boolean => event.type === 'interrupt.requested' && nodeOf(event) === nodeId;
}

export function nodeOf(event: RunEvent): string | undefined {
  if (event.nodeId) return event.nodeId;
  const payloadNode = isJsonObject(event.payload) ? event.payload['nodeId'] : undefined;
  return typeof payloadNode === 'string' ? payloadNode : undefined;
}

/**
 * The token of a waiting run's interrupt: the snapshot first, then the interrupt.requested payload.
 * An engine that exposes none blocks the token requirements, saying where the suite looked.
 */
export async function interruptToken(t: TestContext, runId: string, snapshot: JsonObject, nodeId: string): Promise<FoundToken> {
  const fromSnapshot = tokenInSnapshot(snapshot);
  if (fromSnapshot) return note(t, fromSnapshot);
  const events = await eventsUntil(t, runId, isRequestedAt(nodeId), `interrupt.requested for node ${nodeId}`);
  const requested = events.find(isRequestedAt(nodeId));
  const fromEvent = tokenIn(requested?.payload, 'interrupt.requested payload');
  t.precondition(
    fromEvent,
    `the engine exposes no interrupt token: none in the snapshot (interrupt / interrupts[] ${TOKEN_FIELDS.join('/')}/callbackUrl) nor in the interrupt.requested payload`,
  );
  return note(t, fromEvent);
}

function note(t: TestContext, found: FoundToken): FoundToken {
  t.warn(`leniency applied: the interrupt token was read from ${found.where}`);
  return found;
}
