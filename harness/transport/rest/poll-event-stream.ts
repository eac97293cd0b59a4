import type { CallOptions, EventStream, StreamRunEventsRequest } from '../engine-client.js';
import { BufferedEventStream } from '../buffered-event-stream.js';
import { RpcError } from '../rpc-error.js';
import type { JsonObject } from '../../support/json.js';
import { isJsonObject } from '../../support/json.js';
import type { HttpSettings } from './http-exchange.js';
import { exchangeHttp } from './http-exchange.js';
import { errorFromHttp, localError } from './http-error-mapping.js';
import { runEventFromJson } from './run-event-json.js';
import { FROM_START } from './sse-event-stream.js';
import { UncarriedRequestError } from './uncarried-request.js';
import { UnreadableEventError } from '../unreadable-event.js';

/**
 * StreamRunEvents over the long-poll endpoint, for engines or networks where SSE does not work
 * (`--rest-events poll`): `GET /v1/runs/{id}/events/poll?lastSequence=N&timeout=S` in a loop, each
 * answer's events delivered in order, until the engine says the run is complete. Both body shapes
 * the spec gives are read (protocol-digest §8.5): `{events, isComplete}` and
 * `{runId, events, lastEventSeq, runStatus, isTerminal}`. The poll endpoint has no stream modes: it
 * serves the whole log, so `debug` (or no mode) is read from it and any other mode ends the stream
 * with UncarriedRequestError; bufferMs is not sent (hosts MAY ignore it anyway).
 */

/** The longest wait asked per poll; the spec allows 1..60 s (runs-events-digest §4). */
const POLL_TIMEOUT_S = 20;

export interface PollPage {
  events: JsonObject[] | undefined;
  complete: boolean;
  /** Which of the two documented shapes the body had. */
  shape: 'isComplete' | 'isTerminal' | 'unknown';
}

export function readPollPage(body: unknown): PollPage {
  if (!isJsonObject(body)) return { events: undefined, complete: false, shape: 'unknown' };
  const list = body['events'];
  const events = Array.isArray(list) ? list.filter(isJsonObject) : undefined;
  if (typeof body['isComplete'] === 'boolean') return { events, complete: body['isComplete'], shape: 'isComplete' };
  if (typeof body['isTerminal'] === 'boolean') return { events, complete: body['isTerminal'], shape: 'isTerminal' };
  return { events, complete: false, shape: 'unknown' };
}

export function pollPath(runId: string, lastSequence: number, timeoutS: number): string {
  const query = new URLSearchParams();
  // "From the start" (-1) omits lastSequence (protocol-digest §1.5: poll lastSequence has minimum 0);
  // any other value, invalid ones included, is sent as asked.
  if (lastSequence !== FROM_START) query.set('lastSequence', String(lastSequence));
  query.set('timeout', String(timeoutS));
  return `/v1/runs/${encodeURIComponent(runId)}/events/poll?${query.toString()}`;
}

export function openPollEventStream(settings: HttpSettings, request: StreamRunEventsRequest, options: CallOptions | undefined): EventStream {
  const local = new AbortController();
  const stream = new BufferedEventStream(() => local.abort());
  // Poll delivers the whole log, which is what debug asks for; any other mode cannot be asked for.
  const uncarried = (request.streamModes ?? []).filter((mode) => mode !== 'debug');
  if (uncarried.length > 0) {
    stream.finish({
      kind: 'error',
      error: new UncarriedRequestError(
        `stream modes ${uncarried.join(',')} cannot be requested over the poll endpoint (--rest-events poll), which serves the whole log; use --rest-events sse to judge them`,
      ),
    });
    return stream;
  }
  const onAbort = (): void => stream.cancel();
  options?.signal?.addEventListener('abort', onAbort, { once: true });
  if (options?.signal?.aborted) stream.cancel();
  void loop(settings, request, options, local.signal, stream).finally(() => options?.signal?.removeEventListener('abort', onAbort));
  return stream;
}

async function loop(
  settings: HttpSettings,
  request: StreamRunEventsRequest,
  options: CallOptions | undefined,
  cancel: AbortSignal,
  stream: BufferedEventStream,
): Promise<void> {
  const deadlineAt = Date.now() + (options?.deadlineMs ?? settings.defaultDeadlineMs);
  let cursor = request.lastSequence;
  while (!cancel.aborted) {
    const remainingMs = deadlineAt - Date.now();
    if (remainingMs <= 0) {
      stream.finish({ kind: 'error', error: localError('StreamRunEvents', 'DEADLINE_EXCEEDED', "the poll loop ran past the suite's deadline") });
      return;
    }
    const timeoutS = Math.max(1, Math.min(POLL_TIMEOUT_S, Math.floor(remainingMs / 1000) - 1));
    const signal = options?.signal ? AbortSignal.any([options.signal, cancel]) : cancel;
    let answer;
    try {
      answer = await exchangeHttp(
        'StreamRunEvents',
        settings,
        { method: 'GET', path: pollPath(request.runId, cursor, timeoutS) },
        { ...options, signal, deadlineMs: remainingMs },
      );
    } catch (error) {
      if (error instanceof RpcError && error.codeName === 'CANCELLED') stream.finish({ kind: 'cancelled' });
      else stream.finish({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      return;
    }
    const text = new TextDecoder().decode(answer.bytes);
    if (answer.status < 200 || answer.status >= 300) {
      stream.finish({ kind: 'error', error: errorFromHttp({ rpc: 'StreamRunEvents', status: answer.status, headers: answer.headers, body: text }) });
      return;
    }
    // Whatever the engine answered is the engine's: an unreadable page or entry is a finding of the
    // event envelope's owner (UnreadableEventError), never a suite error.
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      stream.finish({ kind: 'error', error: new UnreadableEventError('the poll answer', `is not JSON: ${text.slice(0, 120)}`) });
      return;
    }
    const page = readPollPage(body);
    if (page.events === undefined) {
      stream.finish({
        kind: 'error',
        error: new UnreadableEventError(
          'the poll answer',
          'has no events array ({events, isComplete} or {runId, events, lastEventSeq, runStatus, isTerminal})',
        ),
      });
      return;
    }
    try {
      for (const [index, doc] of page.events.entries()) {
        const event = runEventFromJson(doc, `poll entry ${index}`);
        stream.push(event);
        cursor = Math.max(cursor, event.sequence);
      }
    } catch (error) {
      stream.finish({
        kind: 'error',
        error:
          error instanceof UnreadableEventError
            ? error
            : new UnreadableEventError('a poll entry', `could not be read: ${error instanceof Error ? error.message : String(error)}`),
      });
      return;
    }
    if (page.complete) {
      stream.finish({ kind: 'ok', trailers: {} });
      return;
    }
  }
}
