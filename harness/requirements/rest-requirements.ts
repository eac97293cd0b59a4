import type { Requirement } from './requirement.js';
import { RPC_TABLE } from '../../contract/rpc-table.js';

/** The RPCs REST serves (contract/rpc-table.ts `surfaces`). */
const REST_RPCS = RPC_TABLE.filter((entry) => (entry.surfaces as readonly string[]).includes('rest')).map((entry) => entry.name);

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
    title:
      "Every SSE event frame carries an event: field and an id a client can resume from (its sequence or its event id; a batch frame's id is judged separately)",
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef:
      'rest-endpoints.md §Optional endpoints / Server-Sent Events ("Stream events with id:, event:, data: fields"; "Honor Last-Event-ID … to resume from the next sequence after that ID"); stream-modes.md §Resumption ("Look up the event with that ID")',
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
    leniency:
      "The spec requires ids to resume from, not ids equal to sequences: an id that is the event's sequence or another identifier (e.g. its eventId) passes, and which was seen is recorded. A batch frame without an id is a warning here (stream-modes.md only says what a batch id SHOULD be: rest.sse-batch-id-highest-sequence). The event: field must be present on every frame that carries run events; its value is not judged (the event type, batch, or a mode name in a mixed stream all occur) and the names seen are recorded. Frames of an unknown event name without an id are ignored, as readers ignore them.",
  },
  {
    id: 'rest.last-event-id-resume',
    title: "Reconnecting with Last-Event-ID set to a frame's id delivers exactly the events after that frame's sequence",
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: `${SSE} (MUST NOT re-send the resume point); stream-modes.md §Resumption (look up the event with that ID, continue at the next sequence)`,
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
    leniency: 'The suite resumes with the id the engine put on the frame (a sequence or an event id alike), never with a sequence it made up.',
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
    title:
      'Operations succeed with their documented status (CreateRun and ForkRun 201, PauseRun/ResumeRun 202, RegisterWebhook 201, UnregisterWebhook 204, the rest 200), on every call the suite makes',
    level: 'MUST',
    area: 'rest',
    rpcs: ['CreateRun', 'GetRun', 'CancelRun', 'ForkRun', 'PauseRun', 'ResumeRun', 'RegisterWebhook', 'UnregisterWebhook'],
    specRef: 'openapi.yaml responses of createRun, getRun, cancelRun, pauseRun, resumeRun, registerWebhook, unregisterWebhook',
    transports: ['rest'],
    fixtures: ['conformance-noop', 'conformance-delay'],
    leniency:
      "Pause/resume are checked only when runs.pauseResume.supported is advertised, webhooks only when webhooks.supported is, ForkRun only in an advertised replay mode. Every success any check gets over REST is held to its operation's status as well, charged here wherever it was seen; a CreateRun carrying an Idempotency-Key may also answer 200 (a replay, protocol-digest §5).",
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
    leniency:
      'Both poll body shapes are accepted (protocol-digest §8.5: {events, isComplete} or {runId, events, lastEventSeq, runStatus, isTerminal}); the one seen is recorded.',
  },
  {
    id: 'rest.error-status-matches-code',
    title: "An error answer's HTTP status is one the spec gives for its envelope code (e.g. run_not_found → 404, unauthenticated → 401)",
    level: 'MUST',
    area: 'rest',
    // Judged on every error any check provokes (harness/transport/rest/rest-status-audit.ts), not only its own probes.
    rpcs: REST_RPCS,
    specRef:
      'protocol-digest §1.4 (mapping table; unmapped codes with their HTTP status), §4 (HTTP per code), §2 per-operation errors, §6 auth; runs-events-digest (unsupported_stream_mode 400)',
    transports: ['rest'],
    leniency:
      "Where sources disagree every status they name is accepted (capability_not_provided 422 or 501, interrupt_cancelled 410 or 422, validation_error 400 or 413 for an oversized body). CreateRun of an unknown workflow may answer 400 or 404 (protocol-digest §8.1); the reading seen is recorded. The probes: unknown run and workflow, an over-long run id, CreateRun of an unknown workflow and with a malformed body, GetRun without a token and with an invalid one. Each answer is judged by the code it carries; whether that code suits the case is other requirements' finding. The auth probes are judged whatever the engine answers (an engine without tokens answers as for the unknown run); the limited-token probe runs only with --limited-token, ForkRun only when replay.supported, the stream-mode probe only with conformance-noop. Beyond these probes, every error answer any check provokes over REST is judged the same way and charged here wherever it was seen (429 and 502–504 are not judged).",
  },
  {
    id: 'rest.sse-batch-id-highest-sequence',
    title: 'A batch frame (bufferMs) carries an SSE id equal to the highest sequence in the batch',
    level: 'SHOULD',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef: 'stream-modes.md §Aggregation hint bufferMs ("Servers SHOULD use the highest sequence in the batch as the SSE ID")',
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
    leniency: 'Blocked, not failed, when the engine sends no batch frames (hosts MAY ignore bufferMs).',
  },
  {
    id: 'rest.unversioned-root-400',
    title: 'A path under an unversioned root (an operation path without its /v1 prefix) is answered 400',
    level: 'MUST',
    area: 'rest',
    rpcs: ['GetRun', 'GetWorkflow'],
    specRef: 'rest-endpoints.md §Versioning ("Servers MUST return 400 Bad Request for paths under unversioned roots")',
    transports: ['rest'],
    leniency:
      'The spec pins the status only: any body passes (an envelope code, when there is one, is recorded). The probes are the v1 paths of GetRun and GetWorkflow without their /v1 prefix; an auth refusal, 429 or 502–504 blocks.',
  },
  {
    id: 'rest.openapi-self-description',
    title: 'GET /v1/openapi.json is served without credentials as an OpenAPI 3.x JSON document',
    level: 'MUST',
    area: 'rest',
    rpcs: ['GetCapabilities'],
    specRef: 'rest-endpoints.md §Required endpoints / Discovery (GET /v1/openapi.json, Auth None, "Self-describing OpenAPI spec")',
    transports: ['rest'],
    leniency:
      "Any OpenAPI 3.x version and any JSON media type (application/json, application/vnd.oai.openapi+json) pass; paths may be absolute or relative to a `servers` entry. The suite requires the document to parse as JSON with a string `openapi` 3.x, an `info` object and a `paths` object; what it describes is not compared with the spec's openapi.yaml.",
  },
  {
    id: 'rest.sse-batch-wire-shape',
    title: 'With bufferMs, a batched window is one SSE frame named `batch` whose data is a JSON array of RunEventDocs',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef:
      'stream-modes.md §Aggregation hint ?bufferMs= ("Wire shape: event: batch SSE event with data: [<RunEventDoc>, …]"; single-event windows may be 1-element arrays; consumers tolerate unbatched single objects)',
    transports: ['rest'],
    fixtures: ['conformance-multi-node'],
    leniency:
      'Blocked, not failed, when the engine sends no batch frames (hosts MAY ignore bufferMs). Unbatched single-object frames beside batches pass (consumers MUST tolerate both); a 1-element batch passes.',
  },
  {
    id: 'rest.sse-negotiation-validates-first',
    title: 'An invalid streamMode on GET /v1/runs/{runId}/events is answered 400 whatever response format the Accept header asks for',
    level: 'MUST',
    area: 'rest',
    rpcs: ['StreamRunEvents'],
    specRef:
      'stream-modes.md §Content negotiation ("an invalid streamMode MUST return 400 regardless of the requested response format"); §Mode selection (400 unsupported_stream_mode)',
    transports: ['rest'],
    fixtures: ['conformance-noop'],
    leniency:
      "Negotiation is OPTIONAL: an engine that ignores Accept and answers the SSE path's 400 passes too; whether the engine answered a valid request with Accept: application/json as JSON or as SSE is recorded. The status 400 is pinned; an envelope code other than unsupported_stream_mode is a warning here (the stream area holds the code).",
  },
];
