import type { StreamRunEventsRequest } from '../transport/engine-client.js';
import type { RpcName } from '../transport/rpc-names.js';
import { httpCallFor } from '../transport/rest/rest-operations.js';
import { isRestTargetUrl } from '../transport/rest/rest-target.js';
import { FROM_START, eventsPath } from '../transport/rest/sse-event-stream.js';
import type { HttpRequestShape, RestRequestView } from '../verdicts/curl-repro.js';
import { reproCommand } from '../verdicts/curl-repro.js';
import type { ReproTarget } from '../verdicts/repro.js';

/** StreamRunEvents as the SSE client sends it: the events path, `accept`, and the cursor as `last-event-id`. */
function eventStreamRequest(request: unknown): HttpRequestShape {
  const stream = (request ?? {}) as StreamRunEventsRequest;
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (typeof stream.lastSequence === 'number' && stream.lastSequence !== FROM_START) headers['last-event-id'] = String(stream.lastSequence);
  return { method: 'GET', path: eventsPath({ ...stream, runId: String(stream.runId ?? '') }), headers, eventStream: true };
}

/** The REST transport's answer to "what HTTP request is this call?", for repro lines (verdicts/curl-repro.ts). */
export const REST_REQUEST_VIEW: RestRequestView = {
  isRestUrl: isRestTargetUrl,
  httpRequestOf(rpc: RpcName, request: unknown): HttpRequestShape | undefined {
    if (rpc === 'StreamRunEvents') return eventStreamRequest(request);
    return httpCallFor(rpc, request);
  },
};

/** The repro line for one call against the run's target (curl over REST, grpcurl over gRPC). */
export const reproFor =
  (target: ReproTarget) =>
  (rpc: RpcName, request: unknown): string =>
    reproCommand(target, rpc, request, REST_REQUEST_VIEW);
