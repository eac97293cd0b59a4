import type { Deadline } from './deadlines.js';
import type { EngineClient, RunEvent, StreamRunEventsRequest } from '../transport/engine-client.js';
import { BlockedError, ConformanceFailure } from '../verdicts/outcome-errors.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import { untilVisible } from './run-visibility.js';
import { attachEvidence } from '../verdicts/evidence.js';
import { isTerminal } from './run-waits.js';
import { EventTrace, FloodFilter } from './event-trace.js';
import { StreamExpiry } from './stream-expiry.js';
import type { StreamEndRecord } from './stream-end-record.js';

/** Run events after which a run's log is complete (runs-events §2 termination). */
export const TERMINAL_EVENT_TYPES = ['run.completed', 'run.failed', 'run.cancelled'] as const;

export interface RunLog {
  /** The events read, in order; for a very long log only its head and tail (see `omitted`). */
  events: RunEvent[];
  /** How reading stopped: the terminal run event arrived, or the engine closed the stream first. */
  endedBy: 'terminal-event' | 'stream-closed';
  /** Events read and validated but not kept (a flooding engine's repeats, or past the head/tail bound). */
  omitted: number;
  /** Every event read, compactly (sequence, type, digests): for checks over the whole log. */
  trace: EventTrace;
}

/** How many events of a log are kept at its start and at its end; memory stays flat however long it is. */
export const KEPT_HEAD = 10_000;
export const KEPT_TAIL = 10_000;

/**
 * Keeps the events of a stream a check may read: a flood's repeats are only traced (FloodFilter),
 * and of the rest the first and the last are kept, counting what falls between.
 */
class BoundedEvents {
  readonly head: RunEvent[] = [];
  private tail: RunEvent[] = [];
  omitted = 0;
  private readonly filter = new FloodFilter(isTerminalEvent);

  /** `fold`: false keeps a flood's repeats too (up to the head/tail bound), for checks comparing whole events. */
  constructor(
    readonly trace: EventTrace,
    private readonly fold: boolean,
  ) {}

  push(event: RunEvent): void {
    this.trace.add(event);
    if (this.fold && !this.filter.keep(event)) {
      this.omitted += 1;
      return;
    }
    if (this.head.length < KEPT_HEAD) {
      this.head.push(event);
      return;
    }
    this.tail.push(event);
    if (this.tail.length > KEPT_TAIL * 2) {
      // Trim in batches so each event costs O(1) on average.
      this.omitted += this.tail.length - KEPT_TAIL;
      this.tail = this.tail.slice(-KEPT_TAIL);
    }
  }

  all(): RunEvent[] {
    const extra = Math.max(0, this.tail.length - KEPT_TAIL);
    this.omitted += extra;
    this.tail = this.tail.slice(extra);
    return [...this.head, ...this.tail];
  }
}

/**
 * Reads a run's event log from the start (last_sequence -1, the seed contract's sentinel) until
 * the terminal run event, the end of the stream, or the deadline. Missing the deadline fails only
 * when the spec states it; a suite-chosen deadline blocks.
 */
export async function readRunLog(
  client: EngineClient,
  runId: string,
  deadline: Deadline,
  warn: (message: string) => void,
  streamModes?: string[],
  options: { fold?: boolean } = {},
): Promise<RunLog> {
  const fold = options.fold ?? true;
  // A run just created may not be visible yet (eventual consistency): retry NOT_FOUND within the deadline.
  return untilVisible(
    runId,
    deadline,
    async () => {
      try {
        return await readFrom(client, runId, -1, deadline, streamModes, fold);
      } catch (error) {
        // `-1 = from the start` is the seed contract's comment, not spec text (protocol-digest §1.5):
        // an engine that refuses it is read from 0 instead, which loses only event 0.
        if (!(error instanceof RpcError) || !CURSOR_REFUSALS.has(error.code)) throw error;
        warn(`StreamRunEvents refused last_sequence -1 (${error.codeName}: ${error.statusMessage}); read from 0 instead, without event 0`);
        return readFrom(client, runId, 0, deadline, streamModes, fold);
      }
    },
    warn,
  );
}

/** How an engine may refuse the -1 cursor it was never promised. */
const CURSOR_REFUSALS: ReadonlySet<number> = new Set([GrpcCode.INVALID_ARGUMENT, GrpcCode.OUT_OF_RANGE, GrpcCode.FAILED_PRECONDITION]);

async function readFrom(
  client: EngineClient,
  runId: string,
  lastSequence: number,
  deadline: Deadline,
  streamModes: string[] | undefined,
  fold: boolean,
): Promise<RunLog> {
  const request = { runId, lastSequence, ...(streamModes && { streamModes }) };
  const read = await readStream(client, request, deadline, isTerminalEvent, fold);
  if (read.end === 'closed') return { events: read.events, endedBy: 'stream-closed', omitted: read.omitted, trace: read.trace };
  if (read.end === 'stopped') return { events: read.events, endedBy: 'terminal-event', omitted: read.omitted, trace: read.trace };
  const { events } = read;
  const message = `the log of run ${runId} did not reach a terminal run event within ${deadline.ms} ms (${deadline.basis}); last types: ${
    events
      .slice(-5)
      .map((event) => event.type)
      .join(', ') || 'none'
  }`;
  if (deadline.source === 'spec' && !(await finishedMeanwhile(client, runId))) {
    throw attachEvidence(new ConformanceFailure(message, 'a terminal run event', events[events.length - 1]?.type ?? 'no events'), {
      rpc: 'StreamRunEvents',
      request,
    });
  }
  // The run is over by the engine's own account, so the bound was missed by the suite's reading of a
  // long log (a flood, a busy machine), not by the engine: that says nothing about the engine.
  throw new BlockedError(
    deadline.source === 'spec'
      ? `${message}, though GetRun already reports the run finished: the suite fell behind reading its log (the suite's bound)`
      : `${message} (the suite's bound)`,
  );
}

/** Whether GetRun reports the run terminal (any answer but a terminal status, including an error, is no). */
async function finishedMeanwhile(client: EngineClient, runId: string): Promise<boolean> {
  try {
    const status = (await client.getRun({ runId }, { deadlineMs: STATUS_PROBE_DEADLINE_MS })).snapshot?.['status'];
    return typeof status === 'string' && isTerminal(status);
  } catch {
    return false;
  }
}

/** The one GetRun that tells a slow engine from a slow reader: the suite's deadline, short. */
const STATUS_PROBE_DEADLINE_MS = 5_000;

const isTerminalEvent = (event: RunEvent): boolean => (TERMINAL_EVENT_TYPES as readonly string[]).includes(event.type);

/**
 * Reads a stream until `stopAt` accepts an event (it is kept), the engine closes it, or the
 * deadline passes; the stream is cancelled in every case. The call deadline outlives ours, so our
 * deadline (with its spec/suite basis) is the one that decides.
 */
async function readStream(
  client: EngineClient,
  request: StreamRunEventsRequest,
  deadline: Deadline,
  stopAt: (event: RunEvent) => boolean,
  fold = true,
): Promise<{ events: RunEvent[]; end: 'stopped' | 'closed' | 'expired'; omitted: number; trace: EventTrace }> {
  const stream = client.streamRunEvents(request, { deadlineMs: deadline.ms + 1_000 });
  const iterator = stream[Symbol.asyncIterator]();
  const kept = new BoundedEvents(new EventTrace(request.runId), fold);
  const done = (end: 'stopped' | 'closed' | 'expired') => {
    const events = kept.all();
    return { events, end, omitted: kept.omitted, trace: kept.trace };
  };
  const expiry = new StreamExpiry(deadline.ms);
  try {
    for (;;) {
      const next = await expiry.next(iterator);
      if (next === 'expired') return done('expired');
      if (next.done) return done('closed');
      kept.push(next.value);
      if (stopAt(next.value)) return done('stopped');
    }
  } finally {
    expiry.dispose();
    stream.cancel();
  }
}

export interface PastEndRead {
  /** Events the engine sent after the cursor (a finished run should have none). */
  events: RunEvent[];
  /** True when the engine closed the stream; false when it stayed open until the suite's deadline. */
  closed: boolean;
}

/**
 * Reads a finished run's stream from a cursor at its terminal event: a conformant engine ends it
 * OK at once with nothing new (protocol-digest §1.5). Whatever it sends instead is what happened to
 * the run after it ended. Stored events are sent before any tailing, so a silent open stream means
 * nothing more was there; the deadline (the suite's) only bounds how long that is watched.
 */
export async function readPastEnd(
  client: EngineClient,
  runId: string,
  lastSequence: number,
  deadline: Deadline,
  record?: StreamEndRecord,
): Promise<PastEndRead> {
  const read = await readStream(client, { runId, lastSequence }, deadline, () => false);
  // Only learnt from, never skipped: the short watch is itself evidence (nothing was appended).
  if (read.end === 'expired')
    record?.notEnded(`StreamRunEvents(${runId}, last_sequence ${lastSequence}) of a finished run stayed open ${deadline.ms} ms past its terminal event`);
  return { events: read.events, closed: read.end === 'closed' };
}
