import type { Deadline } from './deadlines.js';
import { BlockedError, ConformanceFailure } from '../verdicts/outcome-errors.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';

const FIRST_RETRY_MS = 20;
const MAX_RETRY_MS = 250;

/** A NOT_FOUND for a run the suite created: an eventually consistent engine that has not caught up yet. */
export const isNotFound = (error: unknown): error is RpcError => error instanceof RpcError && error.code === GrpcCode.NOT_FOUND;

/**
 * Retries `read` while the engine answers NOT_FOUND for a run it has just created, until the
 * deadline. There is no event to wait on here (the stream answers NOT_FOUND too), so this is a
 * bounded backoff, not an oracle: the verdict comes from the deadline's basis. A spec bound that
 * passes fails the engine (the run was never observable); a suite bound only blocks.
 */
export async function untilVisible<T>(runId: string, deadline: Deadline, read: () => Promise<T>, warn: (message: string) => void): Promise<T> {
  const started = Date.now();
  let delayMs = FIRST_RETRY_MS;
  let misses = 0;
  for (;;) {
    try {
      const value = await read();
      if (misses > 0)
        warn(
          `the engine answered NOT_FOUND for run ${runId} ${misses} time(s) right after creating it, and found it after ${Date.now() - started} ms (eventual consistency)`,
        );
      return value;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      misses += 1;
      const elapsed = Date.now() - started;
      if (elapsed >= deadline.ms) {
        const message = `GetRun answered NOT_FOUND for run ${runId}, which CreateRun had returned, for ${elapsed} ms (${deadline.basis})`;
        if (deadline.source === 'spec') throw new ConformanceFailure(message, 'the created run to be readable', 'NOT_FOUND');
        throw new BlockedError(`precondition not reached: ${message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, deadline.ms - elapsed)));
      delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
    }
  }
}
