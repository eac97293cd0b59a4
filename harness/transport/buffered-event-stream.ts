import type { EventStream, RunEvent, StreamEnd } from './engine-client.js';

/** Buffers events (a slow consumer loses nothing) and never rejects `ended`, so nothing goes unhandled. */
export class BufferedEventStream implements EventStream {
  readonly ended: Promise<StreamEnd>;
  #resolveEnded: (end: StreamEnd) => void = () => undefined;
  #queue: RunEvent[] = [];
  #end: StreamEnd | undefined;
  #errorDelivered = false;
  #waiters: Array<{ resolve: (result: IteratorResult<RunEvent>) => void; reject: (error: Error) => void }> = [];
  readonly #cancelCall: () => void;

  constructor(cancelCall: () => void) {
    this.#cancelCall = cancelCall;
    this.ended = new Promise<StreamEnd>((resolve) => {
      this.#resolveEnded = resolve;
    });
  }

  push(event: RunEvent): void {
    if (this.#end) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve({ value: event, done: false });
    else this.#queue.push(event);
  }

  finish(end: StreamEnd): void {
    if (this.#end) return;
    this.#end = end;
    if (end.kind === 'cancelled') this.#queue = [];
    this.#resolveEnded(end);
    for (const waiter of this.#waiters.splice(0)) this.#settleAtEnd(waiter);
  }

  /** A passive disconnect (grpc-transport §1.5): the call is cancelled, the run is left alone. */
  cancel(): void {
    if (this.#end) return;
    this.finish({ kind: 'cancelled' });
    this.#cancelCall();
  }

  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    return {
      next: () => this.#next(),
      // Leaving a for-await loop early disconnects, like closing an SSE connection.
      return: async () => {
        this.cancel();
        return { value: undefined, done: true };
      },
    };
  }

  #next(): Promise<IteratorResult<RunEvent>> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      if (this.#end) this.#settleAtEnd(waiter);
      else this.#waiters.push(waiter);
    });
  }

  #settleAtEnd(waiter: { resolve: (result: IteratorResult<RunEvent>) => void; reject: (error: Error) => void }): void {
    const end = this.#end;
    if (end?.kind === 'error' && !this.#errorDelivered) {
      this.#errorDelivered = true;
      waiter.reject(end.error);
    } else {
      waiter.resolve({ value: undefined, done: true });
    }
  }
}

