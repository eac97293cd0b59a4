import type { EngineClient, EventStream } from '../transport/engine-client.js';
import type { Deadline } from './deadlines.js';
import type { JsonObject } from '../support/json.js';
import { BlockedError, ConformanceFailure } from '../verdicts/outcome-errors.js';
import { isNotFound } from './run-visibility.js';
import { attachEvidence } from '../verdicts/evidence.js';

/** Terminal statuses (runs-events §2 termination): a run never leaves them. */
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export const isTerminal = (status: string): boolean => (TERMINAL_STATUSES as readonly string[]).includes(status);

export interface RunWaitResult {
  snapshot: JsonObject;
  status: string;
  /** Distinct statuses observed, in order. */
  seen: string[];
  elapsedMs: number;
}

/**
 * `verdict`: the wait decides the requirement, so a spec deadline or a wrong terminal status fails it.
 * `precondition`: the wait only sets the stage, so any miss blocks the requirement instead.
 */
export type WaitPurpose = 'verdict' | 'precondition';

/** What a GetRun answering NOT_FOUND reads as while the wait goes on. */
const NOT_VISIBLE: unique symbol = Symbol('not visible yet');

const FIRST_BACKOFF_MS = 20;
const MAX_BACKOFF_MS = 250;
/**
 * While the stream is open but silent, the snapshot is still re-read this often (growing to the
 * maximum): an engine whose stream never speaks must not make a 5 s wait last its whole deadline.
 */
const FIRST_SILENT_RECHECK_MS = 250;
const MAX_SILENT_RECHECK_MS = 2_000;
const STREAM_MARGIN_MS = 1_000;

/**
 * Waits for a run to reach a status without fixed sleeps: the run's event stream wakes the waiter,
 * and each wake-up re-reads the snapshot, which alone decides. If the engine's stream is unusable
 * the waiter falls back to re-reading with a growing backoff, and says so in a warning.
 */
export class RunWaiter {
  /**
   * @param readSnapshot GetRun as the check wants it read (TestContext passes one that goes on past
   *   schema violations, which stay charged to lifecycle.snapshot-schema-valid).
   */
  constructor(
    private readonly client: EngineClient,
    private readonly readSnapshot: (runId: string) => Promise<JsonObject | undefined>,
    private readonly warn: (message: string) => void,
  ) {}

  async untilStatus(runId: string, wanted: readonly string[], deadline: Deadline, purpose: WaitPurpose): Promise<RunWaitResult> {
    const started = Date.now();
    const seen: string[] = [];
    const wakeups = new Wakeups(this.client, runId, deadline.ms, this.warn);
    try {
      for (;;) {
        // A run the suite just created may not be visible yet (eventual consistency): keep waiting.
        const snapshot = await this.readSnapshot(runId).catch((error: unknown): typeof NOT_VISIBLE => {
          if (isNotFound(error)) return NOT_VISIBLE;
          throw error;
        });
        const status = snapshot === NOT_VISIBLE ? '(NOT_FOUND)' : snapshot && typeof snapshot['status'] === 'string' ? snapshot['status'] : '(no status)';
        if (seen[seen.length - 1] !== status) seen.push(status);
        const elapsedMs = Date.now() - started;
        if (wanted.includes(status) && snapshot && snapshot !== NOT_VISIBLE) return { snapshot, status, seen, elapsedMs };
        if (isTerminal(status)) {
          const message = `run ${runId} ended ${status} while waiting for ${wanted.join(' or ')} (statuses seen: ${seen.join(' → ')})`;
          if (purpose === 'verdict') throw attachEvidence(new ConformanceFailure(message, wanted.join(' or '), status), { rpc: 'GetRun', request: { runId } });
          throw new BlockedError(`precondition not reached: ${message}`);
        }
        const remaining = deadline.ms - elapsedMs;
        if (remaining <= 0) {
          const message = `run ${runId} did not reach ${wanted.join(' or ')} within ${deadline.ms} ms (${deadline.basis}); statuses seen: ${seen.join(' → ')}`;
          if (purpose === 'verdict' && deadline.source === 'spec')
            throw attachEvidence(new ConformanceFailure(message, wanted.join(' or '), status), { rpc: 'GetRun', request: { runId } });
          throw new BlockedError(
            purpose === 'verdict' ? `${message}; the bound is the suite's, so this is not held against the engine` : `precondition not reached: ${message}`,
          );
        }
        await wakeups.next(remaining);
      }
    } finally {
      wakeups.close();
    }
  }
}

/** Wake-up signals from the run's event stream, with a backoff fallback once the stream is over. */
class Wakeups {
  private stream: EventStream | undefined;
  private pending: (() => void) | undefined;
  private streamOver = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private silentRecheckMs = FIRST_SILENT_RECHECK_MS;

  constructor(client: EngineClient, runId: string, waitMs: number, warn: (message: string) => void) {
    try {
      // The stream lives as long as the wait (plus a margin), not the default per-call deadline.
      this.stream = client.streamRunEvents({ runId, lastSequence: -1 }, { deadlineMs: waitMs + STREAM_MARGIN_MS });
    } catch (error) {
      this.streamOver = true;
      warn(`StreamRunEvents could not be opened (${describe(error)}); waited by re-reading GetRun instead`);
      return;
    }
    void this.consume(this.stream, warn);
  }

  private async consume(stream: EventStream, warn: (message: string) => void): Promise<void> {
    try {
      for await (const event of stream) {
        void event;
        this.wake();
      }
    } catch (error) {
      warn(`StreamRunEvents failed while waiting (${describe(error)}); waited by re-reading GetRun instead`);
    } finally {
      this.streamOver = true;
      this.wake();
    }
  }

  private wake(): void {
    // An event arrived: the stream is alive, so the next silence is rechecked soon again.
    this.silentRecheckMs = FIRST_SILENT_RECHECK_MS;
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.();
  }

  /** Resolves at the next event, or after a backoff (short once the stream is over, longer while it is silent), or at `maxMs`. */
  next(maxMs: number): Promise<void> {
    const waitMs = Math.min(this.streamOver ? this.backoffMs : this.silentRecheckMs, maxMs);
    if (this.streamOver) this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    else this.silentRecheckMs = Math.min(this.silentRecheckMs * 2, MAX_SILENT_RECHECK_MS);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve();
      }, waitMs);
      this.pending = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    this.stream?.cancel();
    this.wake();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
