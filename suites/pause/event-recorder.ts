import type { Deadline } from '../../harness/waits/deadlines.js';
import type { EventStream, RunEvent } from '../../harness/transport/engine-client.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { BlockedError, ConformanceFailure } from '../../harness/verdicts/outcome-errors.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { GrpcCode } from '../../harness/transport/rpc-names.js';
import { isTerminalEvent } from '../stream/stream-reading.js';

/** How an engine may refuse the -1 cursor it was never promised (protocol-digest §1.5). */
const CURSOR_REFUSALS: ReadonlySet<number> = new Set([GrpcCode.INVALID_ARGUMENT, GrpcCode.OUT_OF_RANGE, GrpcCode.FAILED_PRECONDITION]);

/**
 * Records a run's events (updates mode, which carries run.paused, run.resumed, node.completed and
 * the terminal event) while a check pauses, resumes or cancels the run, so the check can wait on
 * an event instead of a timer and then read the order things happened in.
 */
export class EventRecorder {
  readonly events: RunEvent[] = [];
  private stream: EventStream;
  private waiters: (() => void)[] = [];
  private ended = false;
  private closed = false;
  private failure: unknown;

  constructor(
    private readonly t: TestContext,
    private readonly runId: string,
    private readonly lifetimeMs: number,
  ) {
    this.stream = t.client.streamRunEvents({ runId, lastSequence: -1 }, { deadlineMs: lifetimeMs });
    void this.consume();
  }

  private async consume(): Promise<void> {
    try {
      try {
        await this.record(this.stream);
      } catch (error) {
        // -1 is the seed's sentinel, not spec text: an engine that refuses it is read from 0 (event
        // 0 is run.started, which no pause check needs).
        if (!(error instanceof RpcError) || this.closed || this.events.length > 0 || !CURSOR_REFUSALS.has(error.code)) throw error;
        this.t.warn(`StreamRunEvents refused last_sequence -1 (${error.codeName}); recorded from 0 instead`);
        this.stream = this.t.client.streamRunEvents({ runId: this.runId, lastSequence: 0 }, { deadlineMs: this.lifetimeMs });
        await this.record(this.stream);
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private async record(stream: EventStream): Promise<void> {
    for await (const event of stream) {
      this.events.push(event);
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /**
   * The first recorded event matching `matches`, waiting for it until the deadline. A stream that
   * ends or fails first, or a missed suite deadline, blocks; a missed spec deadline fails.
   */
  async until(matches: (event: RunEvent) => boolean, deadline: Deadline, what: string): Promise<RunEvent> {
    const started = Date.now();
    for (;;) {
      const found = this.events.find(matches);
      if (found) return found;
      if (this.ended) {
        const seen = this.events.map((event) => event.type).join(', ') || 'none';
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the stream's own failure, handed on unchanged
        if (this.failure !== undefined && !(this.failure instanceof Error && /CANCELLED/.test(this.failure.message))) throw this.failure;
        const message = `the stream ended before ${what} (events: ${seen})`;
        if (this.events.some(isTerminalEvent)) throw new ConformanceFailure(message, what, seen);
        throw new BlockedError(`precondition not reached: ${message}`);
      }
      const remaining = deadline.ms - (Date.now() - started);
      if (remaining <= 0) {
        const message = `${what} did not arrive within ${deadline.ms} ms (${deadline.basis}); events: ${this.events.map((event) => event.type).join(', ') || 'none'}`;
        if (deadline.source === 'spec') throw new ConformanceFailure(message, what, 'nothing');
        throw new BlockedError(`precondition not reached: ${message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events recorded after `event`, in order. */
  after(event: RunEvent): RunEvent[] {
    return this.events.slice(this.events.indexOf(event) + 1);
  }

  close(): void {
    this.closed = true;
    this.stream.cancel();
  }
}
