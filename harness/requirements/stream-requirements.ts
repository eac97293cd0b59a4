import type { Requirement } from './requirement.js';

const STREAM_SPEC = 'protocol-digest §1.5 (StreamRunEvents semantics); runs-events-digest §2';
const FROM_START_LENIENCY =
  "`last_sequence = -1` (from the start) is the seed contract's sentinel, not spec text: an engine that refuses it is read from 0, without event 0, with a warning.";
const MODE_LENIENCY =
  'Hosts MUST serve updates and SHOULD serve the other modes; no capability advertises them, so a refusal with unsupported_stream_mode whose details.supported leaves the mode out is accepted (with a warning); a mode accepted but not honoured fails.';

/** StreamRunEvents behaviour: order, termination, resume, subscribers, modes, buffering (issue 6). */
const STREAM_BEHAVIOUR_REQUIREMENTS: Requirement[] = [
  {
    id: 'stream.from-start-sequences',
    title: 'A stream from the start begins at sequence 0, its sequences strictly increase without gaps (debug mode), and every envelope names the run',
    level: 'MUST',
    area: 'stream',
    rpcs: ['CreateRun', 'StreamRunEvents'],
    // Gap-free is the spec's MUST: storage-adapters.md Contract 1 appendAtomic "MUST … assign sequence = max + 1 (or 0 if log is empty)".
    specRef: `${STREAM_SPEC} (first event is 0; gap-free durable log; monotonic order); storage-adapters.md §Contract 1 appendAtomic (MUST: sequence = max + 1, 0 first)`,
    fixtures: ['conformance-multi-node'],
    leniency: FROM_START_LENIENCY,
  },
  {
    id: 'stream.terminal-event-last',
    title: "A run's stream carries exactly one terminal event (run.completed/failed/cancelled), and it is the last one",
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} (termination)`,
    fixtures: ['conformance-noop'],
  },
  {
    id: 'stream.closes-after-terminal',
    title:
      'The engine ends the stream with OK after delivering the terminal event, within the fixture bound: for a finished run, and for a stream opened while the run was live',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents', 'GetRun'],
    specRef: `${STREAM_SPEC} (the host closes with OK after the terminal event); rest-endpoints.md §SSE ("Auto-close the connection when the run reaches a terminal status"); conformance/fixtures.md §conformance-noop (5 s), §conformance-delay`,
    fixtures: ['conformance-noop', 'conformance-delay'],
    leniency:
      'The live case is a conformance-delay run subscribed at once; GetRun, asked when the first event arrives, must answer a non-terminal status (else a four times longer run is tried, then the check blocks: no live stream was observed).',
  },
  {
    id: 'stream.live-delivery',
    title: 'Events are pushed as they happen: on a conformance-delay run, run.started arrives while the run is still running',
    level: 'MUST',
    area: 'stream',
    rpcs: ['CreateRun', 'StreamRunEvents', 'GetRun'],
    specRef: "grpc-transport.md §Streaming (a server stream of the run's events); stream-modes.md §bufferMs (0 = no buffering)",
    fixtures: ['conformance-delay'],
  },
  {
    id: 'stream.resume-after-cursor',
    title: 'Resuming with last_sequence = s delivers exactly the events with sequence > s, in debug (when served) and in updates mode: no duplicate, no gap',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} (cursor: deliver sequence > cursor, never re-emit the resumption point); stream-modes.md §Resumption ("All four modes MUST honor the Last-Event-ID")`,
    leniency:
      'debug refused with unsupported_stream_mode is accepted (a warning; updates is still resumed). values resumption is stream.values-resume-snapshot-first; messages is not probed (no fixture streams AI tokens).',
    fixtures: ['conformance-multi-node'],
  },
  {
    id: 'stream.resume-from-zero',
    title: 'last_sequence = 0 resumes after event 0 (it is not read as "from the start")',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} ([GAP] from-start sentinel: proto3's default 0 is a real cursor)`,
    fixtures: ['conformance-noop'],
    leniency:
      'The spec defines no from-start sentinel (protocol-digest §1.5); this requirement holds 0 to the cursor rule, which is the only reading the spec supports. The report notes the proto3-default pitfall: a client that leaves last_sequence unset misses event 0.',
  },
  {
    id: 'stream.resume-after-terminal-ends',
    title: 'Resuming after the terminal event ends the stream with OK and delivers nothing',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} (past-end cursor: no events, never an error; OK for a terminal run)`,
    fixtures: ['conformance-noop'],
  },
  {
    id: 'stream.client-cancel-keeps-run',
    title: 'A client cancelling its stream does not cancel the run: a conformance-delay run still completes',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents', 'GetRun'],
    specRef: `${STREAM_SPEC} (a client cancel is a passive disconnect and MUST NOT cancel the run)`,
    fixtures: ['conformance-delay'],
  },
  {
    id: 'stream.concurrent-subscribers-identical',
    title: 'Two concurrent subscribers of one run receive the same events: same sequences, same event ids',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} (several subscribers per run; (sequence, eventId) unique per run)`,
    fixtures: ['conformance-delay'],
  },
  {
    id: 'stream.snapshot-matches-terminal',
    title: "The snapshot's terminal status matches the stream's terminal event",
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents', 'GetRun'],
    specRef: 'runs-events-digest §2 (termination: completed/failed/cancelled); run-snapshot.schema.json §status',
    fixtures: ['conformance-noop', 'conformance-failure'],
  },
  {
    id: 'stream.default-mode-updates',
    title: 'No stream mode means updates: no node.started (debug-only), the same events as an explicit updates stream',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md (empty = updates [MUST]; node.started is debug-only); runs-events-digest §2',
    fixtures: ['conformance-noop'],
  },
  {
    id: 'stream.debug-superset',
    title: 'debug mode delivers every event updates mode delivers (and more), or is refused with unsupported_stream_mode',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md (debug: every persisted event, a superset of updates)',
    fixtures: ['conformance-multi-node'],
    leniency: MODE_LENIENCY,
  },
  {
    id: 'stream.values-snapshots',
    title: 'values mode emits state.snapshot events whose payload is a valid run snapshot, or is refused with unsupported_stream_mode',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md (values: state.snapshot, payload = RunSnapshot); run-snapshot.schema.json',
    fixtures: ['conformance-noop'],
    leniency: `${MODE_LENIENCY} The snapshot that opens a resumed values stream is not required here.`,
  },
  {
    id: 'stream.unsupported-mode-refused',
    title:
      'An unknown stream mode, or values combined with another mode, is refused: INVALID_ARGUMENT + unsupported_stream_mode with details.supported naming single modes, no combination',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef:
      'stream-modes.md (400 unsupported_stream_mode, details.supported; values MUST NOT be combined; §Mixed mode: details.supported "MUST include each individual mode name; mixed combinations are NOT advertised"); protocol-digest §1.4 (400 → INVALID_ARGUMENT)',
    fixtures: ['conformance-noop'],
  },
  {
    id: 'stream.buffer-ms-order',
    title: "With buffer_ms the events keep their order, and the terminal event is not held past the run's end by more than the buffer",
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md §bufferMs (0..5000; forced flush on terminal events; monotonic order)',
    fixtures: ['conformance-delay'],
    leniency:
      "A host MAY ignore buffer_ms, or batch at any size up to 5000 ms; only order and the forced flush are held. The run's end is read from an unbuffered stream of the same run, with a suite-chosen margin for delivery jitter.",
  },
  {
    id: 'stream.buffer-ms-suspended-flush',
    title:
      'With buffer_ms 5000, node.suspended of a waiting run is flushed at once: it arrives within delivery jitter of an unbuffered stream, not after the buffer window',
    level: 'MUST',
    area: 'stream',
    rpcs: ['CreateRun', 'StreamRunEvents', 'GetRun'],
    needsStreamModes: true,
    specRef:
      'stream-modes.md §Aggregation hint bufferMs ("Forced-flush triggers (server MUST flush regardless of bufferMs accumulation): … suspension transitions (node.suspended)")',
    fixtures: ['conformance-approval'],
    leniency:
      'A host MAY ignore buffer_ms (no buffering passes). Judged against an unbuffered stream of the same waiting run with a suite-chosen 1500 ms jitter allowance (scaled by --timeout-scale): 3500 ms or more later is a held batch and fails; between the allowance and 3500 ms blocks; a scale that leaves no margin blocks.',
  },
  {
    id: 'stream.messages-filtered',
    title:
      'messages mode of a run without AI nodes delivers no event (only ai.message.chunk passes) and ends with OK, or is refused with unsupported_stream_mode',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef:
      'stream-modes.md §messages ("Other event types are filtered out"; "If no AI nodes execute, the stream is empty until termination"); conformance/fixtures.md §conformance-noop (5 s)',
    fixtures: ['conformance-noop'],
    leniency: MODE_LENIENCY,
  },
  {
    id: 'stream.values-resume-snapshot-first',
    title:
      'A values-mode stream resumed after a cursor sends a state.snapshot of the run first, before any later event, or values mode is refused with unsupported_stream_mode',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md §Resumption ("For the values mode, resumption MUST emit a state.snapshot first")',
    fixtures: ['conformance-noop'],
    leniency: `${MODE_LENIENCY} The baseline's sequence is not judged (the spec does not say which sequence a synthesized snapshot carries).`,
  },
  {
    id: 'stream.mixed-modes-union',
    title:
      "A mixed mode list (updates,debug) streams the union of the two modes' events, nothing more, or the list is refused with unsupported_stream_mode naming single modes only",
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef:
      'stream-modes.md §Mixed mode ("the union of each named mode\'s filter"; unsupported combinations 400 unsupported_stream_mode; details.supported lists single modes, never combinations)',
    fixtures: ['conformance-noop'],
    leniency: `No capability advertises mixed lists, and the spec lets a host refuse a combination: a refusal with unsupported_stream_mode is accepted (with a warning) when details.supported names single modes only. ${MODE_LENIENCY}`,
  },
  {
    id: 'stream.mixed-modes-order',
    title: 'A mixed mode list delivers events in the order they happened (strictly increasing sequences), never regrouped by the order of the list',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md §Mixed mode ("servers MUST emit events as they happen and MUST NOT reorder for canonical-list-ordering reasons")',
    fixtures: ['conformance-noop'],
    leniency: 'A refusal of the combination with unsupported_stream_mode is accepted, as for stream.mixed-modes-union.',
  },
  {
    id: 'stream.mixed-modes-termination',
    title: "A mixed mode stream ends with OK right after the run's terminal event, within the fixture bound, like a single-mode one",
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md §Mixed mode ("Termination: same rule as the single-mode case"); conformance/fixtures.md §conformance-noop (5 s)',
    fixtures: ['conformance-noop'],
    leniency: 'A refusal of the combination with unsupported_stream_mode is accepted, as for stream.mixed-modes-union.',
  },
  {
    id: 'stream.unknown-run-not-found',
    title: 'StreamRunEvents for an unknown run fails NOT_FOUND with a not_found/run_not_found envelope',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: `${STREAM_SPEC} (unknown run → NOT_FOUND); grpc-transport.md §Error mapping`,
  },
];

/**
 * Event streams (StreamRunEvents; runs-events-digest §1.2–1.3, §2). The two schema owners apply
 * always: every event any check reads is held to them, and each also reads a conformance-noop log
 * of its own so it is never decided by the absence of evidence.
 */
export const STREAM_REQUIREMENTS: Requirement[] = [
  {
    id: 'stream.event-envelope-schema-valid',
    title: 'Every streamed event envelope is valid against the run-event schema',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: 'run-event.schema.json (RunEventDoc); grpc-transport.md §StreamRunEvents (RunEventEnvelope mirrors RunEventDoc)',
    fixtures: ['conformance-noop'],
    core: true,
    leniency: 'Unknown event types and unknown envelope fields are warnings (RFC 0094 §G: readers ignore them); an unset payload is read as {} with a warning.',
  },
  {
    id: 'stream.event-payloads-schema-valid',
    title: 'Every streamed event payload of a known type is valid against its run-event-payloads definition',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    specRef: 'run-event-payloads.schema.json ($defs per event type)',
    fixtures: ['conformance-noop'],
    core: true,
    leniency: 'Unknown fields in a payload are warnings (RFC 0094 §G); payloads of unknown event types are not checked.',
  },
  ...STREAM_BEHAVIOUR_REQUIREMENTS,
  {
    id: 'stream.buffer-ms-over-range-clamped',
    title: 'A buffer_ms above 5000 is served (clamped to 5000), not refused: events before the terminal one are not held longer than 5000 ms',
    level: 'MUST',
    area: 'stream',
    rpcs: ['StreamRunEvents'],
    needsStreamModes: true,
    specRef: 'stream-modes.md §Aggregation hint ?bufferMs= ("Range: 0 ≤ bufferMs ≤ 5000 … Larger values are clamped to 5000")',
    fixtures: ['conformance-delay'],
    leniency:
      "A host MAY ignore the hint (no buffering passes). The bound is the spec's 5000 ms plus a suite-chosen 1500 ms jitter allowance, scaled by --timeout-scale, measured against an unbuffered stream of the same run; the run's delay (10 s) is longer than that, so only a clamp (not the terminal flush) can deliver run.started in time. The statement has no RFC keyword; it is held as MUST, the level of the range it states.",
  },
];
