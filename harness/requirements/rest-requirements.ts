import type { Requirement } from './requirement.js';

const SSE = 'runs-events-digest §4 (SSE framing, Last-Event-ID); stream-modes.md §bufferMs batches';

/**
 * The REST surface's own framing (protocol-digest §1.2, §2): what only exists over HTTP, so every
 * entry is `transports: ['rest']` and inapplicable over gRPC. The operations' behaviour is judged by
 * the other areas through the transport-neutral client; these checks read raw HTTP.
 */
export const REST_REQUIREMENTS: Requirement[] = [
  {
    id: 'rest.sse-content-type',
    title: 'GET /v1/runs/{runId}/events with Accept: text/event-stream answers 200 with Content-Type text/event-stream',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: `${SSE}; openapi.yaml streamRunEvents (200 text/event-stream)`,
    transports: ['rest'],
    fixtures: ['conformance-noop'],
  },
  {
    id: 'rest.sse-event-ids',
    title: 'Every SSE event frame carries an id equal to its sequence (a batch: its highest sequence)',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: `${SSE} (the id is what Last-Event-ID resumes from)`,
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
    leniency: "A batch's id SHOULD be its highest sequence; an id equal to another sequence of the batch passes with a warning. Batched and unbatched frames are both read.",
  },
  {
    id: 'rest.last-event-id-resume',
    title: 'Reconnecting with Last-Event-ID: N delivers exactly the events with sequence > N',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: `${SSE} (MUST NOT re-send the resume point)`,
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
  },
  {
    id: 'rest.error-body-envelope',
    title: 'A 4xx answer (unknown run, unknown workflow) carries the JSON error envelope with Content-Type application/json',
    level: 'MUST',
    area: 'rest',
    rpcs: ['GetRun', 'GetWorkflow'],
    specRef: 'error-envelope (protocol-digest §4); rest-endpoints.md per-operation errors',
    transports: ['rest'],
  },
  {
    id: 'rest.success-status-codes',
    title: 'Operations succeed with their documented status: CreateRun 201, GetRun 200, CancelRun 200, PauseRun/ResumeRun 202, RegisterWebhook 201, UnregisterWebhook 204',
    level: 'MUST',
    area: 'rest',
    rpcs: ['CreateRun', 'GetRun', 'CancelRun', 'PauseRun', 'ResumeRun', 'RegisterWebhook', 'UnregisterWebhook'],
    specRef: 'openapi.yaml responses of createRun, getRun, cancelRun, pauseRun, resumeRun, registerWebhook, unregisterWebhook',
    transports: ['rest'],
    fixtures: ['conformance-noop', 'conformance-delay'],
    leniency: 'Pause/resume are checked only when runs.pauseResume.supported is advertised, webhooks only when webhooks.supported is.',
  },
  {
    id: 'rest.poll-past-end-empty',
    title: 'Polling events with lastSequence past the end answers 200 with no events, never 4xx',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: 'version-negotiation.md (past-end cursor: 200, empty); openapi.yaml pollRunEvents',
    transports: ['rest'],
    fixtures: ['conformance-noop'],
    leniency: 'Both poll body shapes are accepted (protocol-digest §8.5: {events, isComplete} or {runId, events, lastEventSeq, runStatus, isTerminal}); the one seen is recorded.',
  },
];
