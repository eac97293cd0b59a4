import type { EngineClient } from './engine-client.js';
import { decorateClient } from './decorate-client.js';
import { RpcError } from './rpc-error.js';
import { GrpcCode } from './rpc-names.js';

export interface RateLimitRetryOptions {
  /** The longest retry-after the suite honours; a longer one is left to fail the call (it then blocks). */
  maxWaitMs: number;
  /** Told about every honoured retry, for the check's warnings. */
  onRetry?: (message: string) => void;
}

/** When no retry-after is given at all, wait this long before the one retry. */
const DEFAULT_WAIT_MS = 1_000;

/**
 * How long the engine asked the suite to wait: gRPC `retry-after` metadata in seconds (the REST
 * header's unit, protocol-digest §1.3), else the envelope's `details.retryAfterMs`.
 */
export function retryAfterMs(error: RpcError): number | undefined {
  const header = error.trailers['retry-after']?.[0];
  const seconds = header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const envelope = error.envelope;
  const details = typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope) ? envelope['details'] : undefined;
  const fromDetails = typeof details === 'object' && details !== null && !Array.isArray(details) ? details['retryAfterMs'] : undefined;
  return typeof fromDetails === 'number' && fromDetails >= 0 ? fromDetails : undefined;
}

const isRateLimit = (error: unknown): error is RpcError => error instanceof RpcError && error.code === GrpcCode.RESOURCE_EXHAUSTED;

/**
 * Honours a rate limit once per call: on RESOURCE_EXHAUSTED the call is repeated after the
 * engine's retry-after (bounded). A second refusal goes through to the check, which blocks on it
 * (a rate limit says nothing about conformance). Streams are not retried here: their readers fall
 * back on their own. The wait is the engine's instruction, not an oracle.
 */
export function withRateLimitRetry(inner: EngineClient, options: RateLimitRetryOptions): EngineClient {
  const decorated = decorateClient(inner, {
    async unary(rpc, _request, callOptions, send) {
      try {
        return await send(callOptions);
      } catch (error) {
        if (!isRateLimit(error)) throw error;
        const askedMs = retryAfterMs(error) ?? DEFAULT_WAIT_MS;
        if (askedMs > options.maxWaitMs) throw error;
        options.onRetry?.(
          `${rpc} was rate-limited (RESOURCE_EXHAUSTED ${error.envelopeCode ?? ''}); the suite waited ${askedMs} ms as retry-after asked and tried once more`,
        );
        await new Promise((resolve) => setTimeout(resolve, askedMs));
        return send(callOptions);
      }
    },
  });
  const rawRequest = inner.rawRequest?.bind(inner);
  if (rawRequest) {
    // The rest area's raw HTTP calls: an HTTP 429 is honoured once the same way (Retry-After seconds).
    decorated.rawRequest = async (request, callOptions) => {
      const response = await rawRequest(request, callOptions);
      if (response.status !== 429) return response;
      const seconds = Number(response.headers['retry-after']?.[0]);
      const askedMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_WAIT_MS;
      if (askedMs > options.maxWaitMs) return response;
      options.onRetry?.(
        `${request.method} ${request.path} was rate-limited (HTTP 429); the suite waited ${askedMs} ms as Retry-After asked and tried once more`,
      );
      await new Promise((resolve) => setTimeout(resolve, askedMs));
      return rawRequest(request, callOptions);
    };
  }
  return decorated;
}
