import { createParser } from 'eventsource-parser';
import type { CallOptions, EventStream, StreamRunEventsRequest } from '../engine-client.js';
import { BufferedEventStream } from '../buffered-event-stream.js';
import { RpcError } from '../rpc-error.js';
import type { HttpSettings } from './http-exchange.js';
import { openHttp } from './http-exchange.js';
import { errorFromHttp } from './http-error-mapping.js';
import { runEventsFromSseData, sseFrameKind } from './run-event-json.js';
import { UnreadableEventError } from '../unreadable-event.js';
import { sharedSchemaRegistry } from '../../schemas/schema-registry.js';

/**
 * StreamRunEvents over SSE (runs-events-digest §4): `GET /v1/runs/{id}/events` with
 * `Accept: text/event-stream`, stream modes and buffering as query parameters, `Last-Event-ID` to
 * resume (omitted for "from the start", the client's lastSequence -1). Frames are parsed by
 * eventsource-parser; `event: batch` frames carry an array. The engine closes the response after
 * the terminal event, which ends the stream OK; the client never closes it early, so an engine that
 * keeps it open is seen as such.
 */

/** The client's from-start cursor (the seed contract's sentinel, protocol-digest §1.5). */
export const FROM_START = -1;

export function eventsPath(request: StreamRunEventsRequest, suffix = ''): string {
  const query = new URLSearchParams();
  if (request.streamModes && request.streamModes.length > 0) query.set('streamMode', request.streamModes.join(','));
  if (request.bufferMs !== undefined) query.set('bufferMs', String(request.bufferMs));
  const text = query.toString();
  return `/v1/runs/${encodeURIComponent(request.runId)}/events${suffix}${text ? `?${text}` : ''}`;
}

export function openSseEventStream(settings: HttpSettings, request: StreamRunEventsRequest, options: CallOptions | undefined): EventStream {
  const local = new AbortController();
  const stream = new BufferedEventStream(() => local.abort());
  const onAbort = (): void => stream.cancel();
  options?.signal?.addEventListener('abort', onAbort, { once: true });
  void pump(settings, request, options, local.signal, stream).finally(() => options?.signal?.removeEventListener('abort', onAbort));
  if (options?.signal?.aborted) stream.cancel();
  return stream;
}

async function pump(
  settings: HttpSettings,
  request: StreamRunEventsRequest,
  options: CallOptions | undefined,
  cancel: AbortSignal,
  stream: BufferedEventStream,
): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  // Only -1 means "from the start" (omit the header); any other value is sent as asked, so an
  // invalid cursor reaches the engine instead of being quietly read as "from the start".
  if (request.lastSequence !== FROM_START) headers['last-event-id'] = String(request.lastSequence);
  let open;
  try {
    open = await openHttp('StreamRunEvents', settings, { method: 'GET', path: eventsPath(request), headers }, options, cancel);
  } catch (error) {
    stream.finish(error instanceof RpcError && error.codeName === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'error', error: asError(error) });
    return;
  }
  try {
    const { response } = open;
    if (response.status < 200 || response.status >= 300) {
      // Errors before the stream starts are plain HTTP errors with the JSON envelope.
      const body = await response.text();
      stream.finish({ kind: 'error', error: errorFromHttp({ rpc: 'StreamRunEvents', status: response.status, headers: open.headers, body }) });
      return;
    }
    let frames = 0;
    let failure: Error | undefined;
    const registry = sharedSchemaRegistry();
    const knownEventType = (type: string): boolean => registry.knowsEventType(type);
    const parser = createParser({
      onEvent: (message) => {
        if (failure) return;
        frames += 1;
        if (sseFrameKind(message, knownEventType) === 'unknown') {
          // Readers ignore event types they do not know (runs-events-digest §0; RFC 0094 §G).
          options?.onNotice?.(
            `StreamRunEvents: ignored an SSE frame of unknown event name "${message.event ?? 'message'}" without an id whose data is not a run event (readers ignore unknown event types)`,
          );
          return;
        }
        const where = `SSE event ${frames}${message.id !== undefined ? ` (id ${message.id})` : ''}${message.event !== undefined ? ` (event: ${message.event})` : ''}`;
        try {
          for (const event of runEventsFromSseData(message.event, message.data, where)) stream.push(event);
        } catch (error) {
          // Whatever the engine sent is the engine's: an unreadable event is a finding, not a suite error.
          failure = error instanceof UnreadableEventError ? error : new UnreadableEventError(where, `could not be read: ${asError(error).message}`);
        }
      },
      // Keepalive comments (`: keepalive`) carry nothing, and are no frames.
      onComment: () => undefined,
    });
    const decoder = new TextDecoder();
    const body = response.body;
    if (body) {
      for await (const chunk of body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (failure) break;
      }
    }
    parser.feed(decoder.decode());
    stream.finish(failure ? { kind: 'error', error: failure } : { kind: 'ok', trailers: {} });
  } catch (error) {
    const rpcError = open.fail(error);
    stream.finish(rpcError.codeName === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'error', error: rpcError });
  } finally {
    open.dispose();
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
