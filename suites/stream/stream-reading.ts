import type { Deadline } from '../../harness/waits/deadlines.js';
import type { RunEvent, StreamRunEventsRequest } from '../../harness/transport/engine-client.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { untilVisible } from '../../harness/waits/run-visibility.js';
import { BlockedError, ConformanceFailure } from '../../harness/verdicts/outcome-errors.js';
import { TERMINAL_EVENT_TYPES } from '../../harness/waits/run-log-reader.js';
import { EventTrace, FloodFilter } from '../../harness/waits/event-trace.js';
import { StreamExpiry } from '../../harness/waits/stream-expiry.js';
import { UnawaitedStreamError, streamEndRecord } from '../../harness/waits/stream-end-record.js';

/**
 * Reading a stream to its end, for the requirements about how it ends, resumes and is ordered.
 * harness/waits/run-log-reader.ts stops at the terminal event; these checks need what comes after
 * it (another event, the close, or nothing), the local arrival times, and the way the stream ended.
 */

export interface StreamRead {
  /** The events kept whole: all but a flood's repeats (see FloodFilter); `trace` has every one. */
  events: RunEvent[];
  /** Local receipt time (Date.now()) of each kept event. */
  receivedAt: number[];
  /** Every event delivered, compactly: what checks comparing whole sequences read. */
  trace: EventTrace;
  /** Events traced but not kept whole (a flooding engine's repeats). */
  folded: number;
  /** `ok`: the engine closed with OK; `error`: it ended with an RpcError; `stopped`: we stopped on `stopWhen`; `deadline`: it was still open. */
  end: 'ok' | 'error' | 'stopped' | 'deadline';
  error?: RpcError;
}

/** How long the suite reads the stored log of a run already finished (its own bound: missing it blocks). */
const FINISHED_LOG_READ_MS = 30_000;

/**
 * The deadline for reading a finished run's log from the start: the fixture bounds (conformance/
 * fixtures.md) are the run's, already judged on its status, so reading a long log (a flooding
 * engine's) is on the suite's time.
 */
export function finishedLogDeadline(t: TestContext): Deadline {
  return t.deadlines.suite(FINISHED_LOG_READ_MS, "the suite reads a finished run's stored log this long; the spec bounds the run, not the reading");
}

/** Why a read has no terminal event: the suite's own read deadline (its bound, said so) or how the stream ended. */
export function noTerminalReason(read: Pick<StreamRead, 'end'>, deadline: Deadline): string {
  return read.end === 'deadline'
    ? `it was still delivering when the suite's ${deadline.ms} ms read deadline ran out (the suite's bound)`
    : `the stream ended (${read.end}) without it`;
}

export const isTerminalEvent = (event: RunEvent): boolean => (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type);

/**
 * Reads one stream until the engine ends it, `stopWhen` says enough (then the client cancels, a
 * passive disconnect), or the deadline passes (then the client cancels too). Never throws an
 * engine error: it is returned in `error`, for the check to judge.
 */
export async function readStream(
  t: TestContext,
  request: StreamRunEventsRequest,
  deadline: Deadline,
  stopWhen?: (event: RunEvent, events: readonly RunEvent[]) => boolean,
  /** Set when the request is malformed on purpose (CallOptions.deliberatelyInvalid). */
  deliberatelyInvalid?: string,
  /** Called once the request is sent, before any event is read (a check timing its own probe after the open). */
  onOpen?: () => void,
): Promise<StreamRead> {
  const record = await streamEndRecord(t);
  const stream = t.client.streamRunEvents(request, { deadlineMs: deadline.ms + 1_000, ...(deliberatelyInvalid !== undefined && { deliberatelyInvalid }) });
  onOpen?.();
  const iterator = stream[Symbol.asyncIterator]();
  const read: StreamRead = { events: [], receivedAt: [], trace: new EventTrace(request.runId), folded: 0, end: 'deadline' };
  const filter = new FloodFilter(isTerminalEvent);
  const expiry = new StreamExpiry(deadline.ms);
  try {
    for (;;) {
      const next = await expiry.next(iterator);
      if (next === 'expired') {
        const last = read.events[read.events.length - 1];
        if (last && isTerminalEvent(last))
          record.notEnded(`StreamRunEvents(${request.runId}) stayed open ${deadline.ms} ms after the run's terminal event ${last.type}`);
        return read;
      }
      if (next.done) {
        read.end = 'ok';
        return read;
      }
      read.trace.add(next.value);
      if (filter.keep(next.value)) {
        read.events.push(next.value);
        read.receivedAt.push(Date.now());
      } else {
        read.folded = filter.folded;
      }
      if (stopWhen?.(next.value, read.events)) {
        read.end = 'stopped';
        return read;
      }
      // Past the terminal event only the end is due; an engine seen not to end streams is not waited
      // for, unless the bound is the spec's (stream.closes-after-terminal: the end is its subject).
      const unawaited =
        isTerminalEvent(next.value) && deadline.source === 'suite'
          ? record.unawaitedReason(`StreamRunEvents(${request.runId}) after ${next.value.type}`)
          : undefined;
      if (unawaited) throw new BlockedError(unawaited);
    }
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    read.end = 'error';
    read.error = error;
    return read;
  } finally {
    expiry.dispose();
    stream.cancel();
  }
}

/** How an engine may refuse the -1 cursor it was never promised (protocol-digest §1.5). */
const CURSOR_REFUSALS: ReadonlySet<number> = new Set([GrpcCode.INVALID_ARGUMENT, GrpcCode.OUT_OF_RANGE, GrpcCode.FAILED_PRECONDITION]);

export interface FromStartRead extends StreamRead {
  /** -1, or 0 when the engine refused -1 (event 0 is then not seen). */
  cursor: number;
}

/**
 * Reads a run's stream from the start (-1, the seed's sentinel; 0 with a warning when the engine
 * refuses it), retrying NOT_FOUND for a run just created (eventual consistency). An engine error
 * other than those is returned, not thrown.
 */
export async function readFromStart(
  t: TestContext,
  runId: string,
  deadline: Deadline,
  options: { streamModes?: string[]; bufferMs?: number; deliberatelyInvalid?: string; onOpen?: (cursor: number) => void } = {},
  stopWhen?: (event: RunEvent, events: readonly RunEvent[]) => boolean,
): Promise<FromStartRead> {
  const request = (lastSequence: number): StreamRunEventsRequest => ({
    runId,
    lastSequence,
    ...(options.streamModes && { streamModes: options.streamModes }),
    ...(options.bufferMs !== undefined && { bufferMs: options.bufferMs }),
  });
  return untilVisible(
    runId,
    deadline,
    async () => {
      const first = await readStream(t, request(-1), deadline, stopWhen, options.deliberatelyInvalid, () => options.onOpen?.(-1));
      if (first.end === 'error' && first.events.length === 0 && first.error?.code === GrpcCode.NOT_FOUND) throw first.error;
      if (!(first.end === 'error' && first.events.length === 0 && first.error && CURSOR_REFUSALS.has(first.error.code))) return { ...first, cursor: -1 };
      t.warn(`StreamRunEvents refused last_sequence -1 (${first.error.codeName}); read from 0 instead, without event 0`);
      const second = await readStream(t, request(0), deadline, stopWhen, options.deliberatelyInvalid, () => options.onOpen?.(0));
      if (second.end === 'error' && second.events.length === 0 && second.error?.code === GrpcCode.NOT_FOUND) throw second.error;
      return { ...second, cursor: 0 };
    },
    (message) => t.warn(message),
  );
}

/**
 * Turns how a read ended into the verdict the deadline allows: an engine error fails (unless it
 * says nothing about the engine, then the runner blocks); a missed spec deadline fails; a missed
 * suite deadline blocks.
 */
export function requireEnded(read: StreamRead, deadline: Deadline, what: string): void {
  if (read.end === 'error' && read.error) throw read.error;
  if (read.end !== 'deadline') return;
  const message = `${what}: the stream was still open after ${deadline.ms} ms (${deadline.basis}); last types: ${
    read.events
      .slice(-4)
      .map((event) => event.type)
      .join(', ') || 'none'
  }`;
  if (deadline.source === 'spec') throw new ConformanceFailure(message, 'the stream to end with OK after the terminal event', 'still open');
  throw new BlockedError(message);
}

/** Past this many events a description lists the first and the last few (a flooding engine). */
const DESCRIBED_HEAD = 40;
const DESCRIBED_TAIL = 10;

/** Type, node and sequence of each event, one short line, for failure messages. */
export function describeEvents(events: readonly RunEvent[]): string {
  const one = (event: RunEvent): string => `${event.sequence}:${event.type}${event.nodeId ? `@${event.nodeId}` : ''}`;
  if (events.length > DESCRIBED_HEAD + DESCRIBED_TAIL) {
    const omitted = events.length - DESCRIBED_HEAD - DESCRIBED_TAIL;
    return [...events.slice(0, DESCRIBED_HEAD).map(one), `… ${omitted} more …`, ...events.slice(-DESCRIBED_TAIL).map(one)].join(', ');
  }
  return events.map(one).join(', ') || 'none';
}

/** Reads a stream and throws the engine's error, so `t.expectRpcError` can judge a refusal. */
export async function streamOutcome(t: TestContext, request: StreamRunEventsRequest, deadline: Deadline, deliberatelyInvalid?: string): Promise<StreamRead> {
  const record = await streamEndRecord(t);
  const what = `StreamRunEvents(${request.runId})`;
  const unawaited = record.unawaitedReason();
  if (unawaited) throw new UnawaitedStreamError(unawaited);
  const read = await readStream(t, request, deadline, undefined, deliberatelyInvalid);
  if (read.end === 'error' && read.error) throw read.error;
  if (read.end === 'deadline') {
    // Still open at the suite's bound: the engine neither refused nor ended it. That is what was
    // seen (never "answered OK"), and the bound is the suite's, so it blocks.
    const seen = `${what} neither answered nor ended within ${deadline.ms} ms (${deadline.basis}); ${read.events.length} event(s) arrived`;
    record.notEnded(seen);
    throw new BlockedError(`${seen} (the suite's bound)`);
  }
  return read;
}

/** A stream mode refused the way the spec says (unsupported_stream_mode, details.supported leaving it out): the engine does not serve it. */
export function refusedAsUnsupported(read: StreamRead, mode: string): string[] | undefined {
  const error = read.error;
  if (read.end !== 'error' || !error || error.code !== GrpcCode.INVALID_ARGUMENT || error.envelopeCode !== 'unsupported_stream_mode') return undefined;
  const details = envelopeDetails(error);
  const supported = details && typeof details === 'object' && !Array.isArray(details) ? details['supported'] : undefined;
  if (!Array.isArray(supported) || supported.includes(mode)) return undefined;
  return supported.filter((entry): entry is string => typeof entry === 'string');
}

/** The envelope's `details` object, when there is one. */
export function envelopeDetails(error: RpcError): Record<string, unknown> | undefined {
  const envelope = error.envelope;
  const details = envelope && typeof envelope === 'object' && !Array.isArray(envelope) ? envelope['details'] : undefined;
  return details && typeof details === 'object' && !Array.isArray(details) ? details : undefined;
}
