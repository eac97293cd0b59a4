import { createParser } from 'eventsource-parser';
import type { TestContext } from '../../harness/runner/test-context.js';
import type { RawHttpRequest, RawHttpResponse } from '../../harness/transport/engine-client.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { TERMINAL_STATUSES } from '../../harness/waits/run-waits.js';

/**
 * What the rest area's checks share: plain HTTP to the engine (the client's optional rawRequest),
 * runs that have finished (so an SSE response ends on its own), and SSE frames parsed by the same
 * maintained parser the transport uses.
 */

/**
 * Sends one raw request; no HTTP answer at all (unreachable, our deadline) blocks the check.
 * `token` overrides the bearer as CallOptions.token does (null: no authorization header).
 */
export async function raw(t: TestContext, request: RawHttpRequest, deadlineMs = t.deadlines.callDeadlineMs(), token?: string | null): Promise<RawHttpResponse> {
  const rawRequest = t.client.rawRequest?.bind(t.client);
  t.precondition(rawRequest, 'this transport offers no raw HTTP access');
  try {
    return await rawRequest(request, { deadlineMs, ...(token !== undefined && { token }) });
  } catch (error) {
    if (error instanceof RpcError) throw new BlockedError(`${request.method} ${request.path}: ${uninformativeReason(error) ?? error.message}`);
    throw error;
  }
}

/** A run of the fixture that has reached a terminal status, so its event stream is complete. */
export async function finishedRun(t: TestContext, workflowId: string): Promise<string> {
  const { runId } = await t.control(`CreateRun ${workflowId}`, t.createRun({ workflowId }));
  t.precondition(runId, 'CreateRun returned no run id');
  await t.untilStatus(runId, [...TERMINAL_STATUSES], t.deadlines.fixtureCompletion(workflowId), 'precondition');
  return runId;
}

export const eventsPath = (runId: string, query = ''): string => `/v1/runs/${encodeURIComponent(runId)}/events${query}`;

/** The media type of a response, lower-cased, without parameters (`text/event-stream; charset=utf-8` → `text/event-stream`). */
export function mediaType(response: RawHttpResponse): string | undefined {
  const value = response.headers['content-type']?.[0];
  return value === undefined ? undefined : value.split(';')[0]!.trim().toLowerCase();
}

export interface SseFrame {
  id: string | undefined;
  event: string | undefined;
  data: string;
  /** The sequences the frame carries (one, or a batch's), from its JSON data; empty when unreadable. */
  sequences: number[];
}

function sequencesOf(data: string): number[] {
  try {
    const parsed: unknown = JSON.parse(data);
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.flatMap((item: unknown) =>
      typeof item === 'object' && item !== null && 'sequence' in item && typeof item.sequence === 'number' ? [item.sequence] : [],
    );
  } catch {
    return [];
  }
}

/** Every event frame of a complete SSE body, in order (comments and retry lines are not frames). */
export function parseSseFrames(body: string): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createParser({
    onEvent: (message) => frames.push({ id: message.id, event: message.event, data: message.data, sequences: sequencesOf(message.data) }),
  });
  parser.feed(body);
  // A body that ends without the blank line after its last frame still delivers that frame.
  parser.feed('\n\n');
  return frames;
}

/** The sequences a whole SSE body delivers, in order. */
export const deliveredSequences = (frames: readonly SseFrame[]): number[] => frames.flatMap((frame) => frame.sequences);

/**
 * Blocks on an answer that says nothing about the engine's conformance: 429 and 502–504 (the
 * engine or a proxy asked to be left alone) and, where the check sent the suite's own token, an
 * auth refusal (the user's credentials are another requirement's subject).
 */
export function blockOnUninformative(t: TestContext, what: string, response: RawHttpResponse, options: { authRefusalBlocks: boolean }): void {
  if ([429, 502, 503, 504].includes(response.status))
    t.precondition(false, `${what} answered HTTP ${response.status}, which says nothing about this requirement`);
  if (options.authRefusalBlocks && (response.status === 401 || response.status === 403)) {
    t.precondition(false, `${what} answered HTTP ${response.status}: the engine refused the suite's credentials`);
  }
}

/** The JSON body of a response, or undefined when it is not JSON. */
export function jsonBody(response: RawHttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

/** The `error` code of an envelope-shaped JSON body, if any. */
export function envelopeCodeOf(response: RawHttpResponse): string | undefined {
  const body = jsonBody(response);
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
}
