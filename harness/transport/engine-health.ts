import type { EngineClient, EventStream } from './engine-client.js';
import { decorateClient } from './decorate-client.js';
import { RpcError } from './rpc-error.js';
import { GrpcCode } from './rpc-names.js';

/** Consecutive calls that got no answer at all before the suite stops calling the engine. */
export const CIRCUIT_THRESHOLD = 3;

/**
 * A circuit over the whole run: consecutive calls that got no answer (UNAVAILABLE, or our own
 * deadline) open it, any answer from the engine closes the count again. Once open, the runner
 * blocks every remaining check with one headline instead of waiting out each call's deadline in
 * turn (a hung engine would otherwise keep a run silent for many minutes).
 */
export class EngineHealth {
  private consecutive = 0;
  private lastAnswerAt = Date.now();
  private lastAnsweredRpc: string | undefined;
  private openedBecause: string | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly threshold = CIRCUIT_THRESHOLD) {}

  /** The headline once the circuit is open; undefined while the engine answers. */
  get headline(): string | undefined {
    return this.openedBecause;
  }

  /** Called once, when the circuit opens (the runner cancels the check in flight). */
  onOpen(listener: () => void): void {
    this.listeners.push(listener);
  }

  answered(rpc: string): void {
    this.consecutive = 0;
    this.lastAnswerAt = Date.now();
    this.lastAnsweredRpc = rpc;
  }

  /** Stops the run from outside (the user pressed Ctrl-C): the rest is blocked with this headline. */
  stop(headline: string): void {
    if (this.openedBecause) return;
    this.openedBecause = headline;
    for (const listener of this.listeners) listener();
  }

  unanswered(rpc: string, error: RpcError): void {
    this.consecutive += 1;
    if (this.consecutive < this.threshold || this.openedBecause) return;
    const since = Math.round((Date.now() - this.lastAnswerAt) / 1000);
    const last = this.lastAnsweredRpc ? ` (last answer: ${this.lastAnsweredRpc}, ${since} s earlier)` : '';
    this.openedBecause = `the engine stopped answering: ${this.consecutive} calls in a row got no answer, the last ${rpc} with ${error.codeName}${last}`;
    for (const listener of this.listeners) listener();
  }
}

/** No answer at all: unreachable, or silent past the suite's deadline. CANCELLED is our own doing and says nothing. */
const unanswered = (error: unknown): error is RpcError =>
  error instanceof RpcError && (error.code === GrpcCode.UNAVAILABLE || error.code === GrpcCode.DEADLINE_EXCEEDED);

/** Reports every unary call's outcome to the health record; streams are judged by the calls around them. */
export function withHealth(inner: EngineClient, health: EngineHealth): EngineClient {
  return decorateClient(inner, {
    async unary(rpc, _request, options, send) {
      try {
        const reply = await send(options);
        health.answered(rpc);
        return reply;
      } catch (error) {
        if (unanswered(error)) health.unanswered(rpc, error);
        else if (error instanceof RpcError && error.code !== GrpcCode.CANCELLED) health.answered(rpc);
        throw error;
      }
    },
  });
}

/**
 * Scopes every call of one check to that check: each call carries the check's abort signal (with
 * the caller's own, if any), and every stream it opened is cancelled when the scope ends, so a
 * check that ended (or was abandoned at the safety timeout) leaves nothing calling the engine.
 */
export function withCheckScope(inner: EngineClient, signal: AbortSignal): { client: EngineClient; close(): void } {
  const streams = new Set<EventStream>();
  const scoped = (options: Parameters<EngineClient['getRun']>[1]) => ({
    ...options,
    signal: options?.signal ? AbortSignal.any([options.signal, signal]) : signal,
  });
  const client = decorateClient(inner, {
    unary: (_rpc, _request, options, send) => send(scoped(options)),
    stream(_request, options, open) {
      const stream = open(scoped(options));
      streams.add(stream);
      void stream.ended.then(() => streams.delete(stream));
      return stream;
    },
  });
  // Raw HTTP (the rest area) is not an RPC the decoration sees; it gets the check's signal all the same.
  const rawRequest = inner.rawRequest?.bind(inner);
  if (rawRequest) client.rawRequest = (request, options) => rawRequest(request, scoped(options));
  return {
    client,
    close: () => {
      for (const stream of streams) stream.cancel();
      streams.clear();
    },
  };
}
