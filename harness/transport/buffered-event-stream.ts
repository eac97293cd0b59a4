import type { EventStream, RunEvent, StreamEnd } from './engine-client.js';

/** Reading from the wire pauses above this many queued events and resumes below the low mark. */
export const HIGH_WATER_EVENTS = 1_000;
const LOW_WATER_EVENTS = 100;

/** The transport's pause and resume: paused, the socket is not read and HTTP/2 flow control holds the sender. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/**
 * Buffers events (a slow consumer loses nothing) and never rejects `ended`, so nothing goes
 * unhandled. With flow control the buffer is bounded: a flooding engine is made to wait instead of
 * filling the suite's memory (the queue was the whole flood before).
 */
export class BufferedEventStream implements EventStream {
  readonly ended: Promise<StreamEnd>;
  #resolveEnded: (end: StreamEnd) => void = () => undefined;
  #queue: RunEvent[] = [];
  /** Index of the next queued event: shift() on a long array is O(n) per event. */
  #head = 0;
  #flow: FlowControl | undefined;
  #paused = false;
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

  /** Lets the stream pause the transport while its queue is full. */
  setFlowControl(flow: FlowControl): void {
    this.#flow = flow;
  }

  push(event: RunEvent): void {
    if (this.#end) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve({ value: event, done: false });
      return;
    }
    this.#queue.push(event);
    if (!this.#paused && this.#flow && this.#queued() >= HIGH_WATER_EVENTS) {
      this.#paused = true;
      this.#flow.pause();
    }
  }

  #queued(): number {
    return this.#queue.length - this.#head;
  }

  finish(end: StreamEnd): void {
    if (this.#end) return;
    this.#end = end;
    if (end.kind === 'cancelled') {
      this.#queue = [];
      this.#head = 0;
    }
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
    if (this.#head < this.#queue.length) {
      const queued = this.#queue[this.#head] as RunEvent;
      this.#head += 1;
      // Compact now and then, so the consumed prefix is released.
      if (this.#head >= 1_024 && this.#head * 2 >= this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (this.#paused && this.#queued() <= LOW_WATER_EVENTS) {
        this.#paused = false;
        this.#flow?.resume();
      }
      return Promise.resolve({ value: queued, done: false });
    }
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
