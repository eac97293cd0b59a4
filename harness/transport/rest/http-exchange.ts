import type { CallOptions } from '../engine-client.js';
import { describeConnectFailure } from '../connect-failure.js';
import { RpcError } from '../rpc-error.js';
import type { Dispatcher } from 'undici';
import type { RpcName } from '../rpc-names.js';
import { localError } from './http-error-mapping.js';

/**
 * One HTTP request to the engine over Node's own fetch, with what every call shares: the bearer
 * token (auth.md: `Authorization: Bearer`), extra headers, and a deadline plus the caller's abort
 * signal. A failure without an HTTP answer becomes an RpcError: our deadline → DEADLINE_EXCEEDED,
 * our cancel → CANCELLED, anything else (refused, reset) → UNAVAILABLE.
 */

export interface HttpSettings {
  /** The engine's origin, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  token: string | undefined;
  defaultDeadlineMs: number;
  /** The TLS connection pool for --ca/--cert/--key (rest-tls.ts); absent: Node's default. */
  dispatcher?: Dispatcher;
  /** The largest reply body the suite reads (--max-message-bytes); a larger one is the suite's limit, not the engine's fault. */
  maxReceiveBytes?: number;
}

export interface HttpRequestInit {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An open response whose body the caller reads; `fail` turns a read error into the right RpcError. */
export interface OpenResponse {
  response: Response;
  headers: Record<string, string[]>;
  started: number;
  fail(error: unknown): RpcError;
  /** Stops the deadline timer and releases the connection. */
  dispose(): void;
}

export function headerRecord(headers: Headers): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  headers.forEach((value, key) => {
    record[key.toLowerCase()] = [value];
  });
  return record;
}

function requestHeaders(settings: HttpSettings, init: HttpRequestInit, options: CallOptions | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [key, value] of Object.entries(options?.metadata ?? {})) headers[key.toLowerCase()] = value;
  for (const [key, value] of Object.entries(init.headers ?? {})) headers[key.toLowerCase()] = value;
  const token = options?.token === undefined ? settings.token : options.token;
  if (token !== null && token !== undefined && token !== '') headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/**
 * Sends the request and resolves with the open response (any HTTP status); rejects with an RpcError
 * only when there is no HTTP answer. The deadline keeps running until dispose(), so reading the body
 * is bounded by it too.
 */
export async function openHttp(
  rpc: RpcName,
  settings: HttpSettings,
  init: HttpRequestInit,
  options: CallOptions | undefined,
  cancel?: AbortSignal,
): Promise<OpenResponse> {
  const deadlineMs = options?.deadlineMs ?? settings.defaultDeadlineMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  // A deadline bounds the call; it must never keep the process alive after the caller let go.
  timer.unref();
  const signals = [deadline.signal, ...(options?.signal ? [options.signal] : []), ...(cancel ? [cancel] : [])];
  const signal = AbortSignal.any(signals);
  const fail = (error: unknown): RpcError => {
    if (deadline.signal.aborted) return localError(rpc, 'DEADLINE_EXCEEDED', `no complete answer within the suite's deadline of ${deadlineMs} ms`);
    if (signal.aborted) return localError(rpc, 'CANCELLED', 'the call was cancelled by the suite');
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    const text = cause instanceof Error ? cause.message : String(cause);
    // fetch refuses the WHATWG "bad ports" (1, 9, 6000, …) before dialling.
    if (text === 'bad port')
      return localError(
        rpc,
        'UNAVAILABLE',
        "Node's fetch refuses this port (it is on the fetch standard's blocked-port list); serve the engine's REST surface on another port",
      );
    return localError(rpc, 'UNAVAILABLE', describeConnectFailure(code ? `${code} ${text}` : text));
  };
  const started = performance.now();
  try {
    const response = await fetch(new URL(init.path, settings.baseUrl), {
      method: init.method,
      headers: requestHeaders(settings, init, options),
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal,
      redirect: 'manual',
      ...(settings.dispatcher && { dispatcher: settings.dispatcher }),
    });
    return {
      response,
      headers: headerRecord(response.headers),
      started,
      fail,
      dispose: () => {
        clearTimeout(timer);
        if (!response.bodyUsed) void response.body?.cancel().catch(() => undefined);
      },
    };
  } catch (error) {
    clearTimeout(timer);
    throw fail(error);
  }
}

/** Sends the request and reads the whole body (bounded by the same deadline). */
export async function exchangeHttp(
  rpc: RpcName,
  settings: HttpSettings,
  init: HttpRequestInit,
  options: CallOptions | undefined,
): Promise<{ status: number; headers: Record<string, string[]>; bytes: Uint8Array; elapsedMs: number }> {
  const open = await openHttp(rpc, settings, init, options);
  try {
    const bytes = await readBounded(rpc, open.response, settings.maxReceiveBytes ?? DEFAULT_MAX_RECEIVE_BYTES);
    return { status: open.response.status, headers: open.headers, bytes, elapsedMs: performance.now() - open.started };
  } catch (error) {
    throw error instanceof RpcError ? error : open.fail(error);
  } finally {
    open.dispose();
  }
}

/** The same default as the gRPC client's receive limit (the spec states none; grpc-engine-client.ts). */
export const DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a body chunk by chunk and stops at the suite's limit, so a hostile engine cannot fill the
 * suite's memory; the refusal reads "larger than max", which uninformative-errors.ts blocks as the
 * suite's own limit.
 */
async function readBounded(rpc: RpcName, response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw overLimit(rpc, limit);
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw overLimit(rpc, limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function overLimit(rpc: RpcName, limit: number): RpcError {
  return localError(rpc, 'RESOURCE_EXHAUSTED', `reply body larger than max (${limit} bytes, the suite's receive limit)`);
}
