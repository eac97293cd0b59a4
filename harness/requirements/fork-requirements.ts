import type { Requirement } from './requirement.js';

const FORK_SPEC = 'runs-events-digest §3 (replay.md); protocol-digest §2 ForkRun';
/** Profile openwop-replay-fork: replay.supported true and a non-empty replay.modes (protocol-digest §7). */
export const FORK_GATE = [
  { path: 'replay.supported', test: 'true' as const },
  { path: 'replay.modes', test: 'nonEmptyArray' as const },
];

/** A requirement about one fork mode applies only when replay.modes lists it (a non-empty list is part of the gate). */
const modeGate = (mode: 'replay' | 'branch') => [...FORK_GATE, { path: 'replay.modes', test: 'includes' as const, value: mode }];
const ADVERTISED_MODE = 'The fork uses a mode the engine lists in replay.modes (replay when listed, else branch); the one used is recorded.';

/** Fork and replay (ForkRun), gated on the replay capability. */
export const FORK_REQUIREMENTS: Requirement[] = [
  {
    id: 'fork.replay-new-run',
    title: 'A replay fork of a completed run from 0 answers a new run id, different from the source, that reaches a terminal status',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun', 'GetRun'],
    specRef: `${FORK_SPEC} (201 runId new, ≠ source; conformance baseline replay-fork: the fork reaches completed)`,
    gate: modeGate('replay'),
    fixtures: ['conformance-noop'],
  },
  {
    id: 'fork.replay-matches-source',
    title: "A replay fork of a deterministic run repeats the source's events in type, node id and payload (clock fields and ids excepted)",
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun', 'StreamRunEvents'],
    specRef: `${FORK_SPEC} (RFC 0041 §C: the fork's log is byte-equivalent except clock fields and fresh ids)`,
    gate: modeGate('replay'),
    fixtures: ['conformance-multi-node'],
    leniency: 'eventId, timestamp and payload durationMs are clock or id fields and are not compared; replay.diverged events (informational) are ignored.',
  },
  {
    id: 'fork.branch-from-seq',
    title: "A branch fork from from_seq (with an overlay) keeps the source's events before from_seq, re-executes the rest, and completes",
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun', 'StreamRunEvents', 'GetRun'],
    specRef: `${FORK_SPEC} (events < fromSeq are fixed history, ≥ fromSeq re-executed; branch applies runOptionsOverlay)`,
    gate: modeGate('branch'),
    fixtures: ['conformance-delay'],
    leniency:
      'The fork-prefix bracket is ambiguous upstream ([0, fromSeq] vs [0, fromSeq)): [0, fromSeq) is compared strictly and the event at fromSeq is not compared. Re-execution is recognised without clocks: the fork point precedes a conformance-delay node, so a fork that is already terminal when ForkRun answers did not re-execute it. Applies only when replay.modes lists branch (an engine serving only replay is not held to it).',
  },
  {
    id: 'fork.branch-without-from-seq-rejected',
    title: 'A branch fork whose body leaves fromSeq out is refused 400 validation_error (replay mode alone defaults it to 0)',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: 'replay.md §Replay-mode defaults ("For mode: branch, fromSeq MUST be supplied"); §Status codes (400)',
    gate: modeGate('branch'),
    fixtures: ['conformance-noop'],
    transports: ['rest'],
    leniency:
      "REST only: gRPC's ForkRunRequest.from_seq is a plain int64, so an absent value is 0, a fork point like any other, and cannot be told apart. The spec pins the 400 status; validation_error is its code for an invalid field, and another code with 400 passes with a warning.",
  },
  {
    id: 'fork.negative-from-seq-rejected',
    title: 'ForkRun with a negative from_seq fails INVALID_ARGUMENT with a validation_error envelope',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: `${FORK_SPEC} (400 for a negative fromSeq)`,
    gate: FORK_GATE,
    leniency: ADVERTISED_MODE,
    fixtures: ['conformance-noop'],
  },
  {
    id: 'fork.unknown-mode-rejected',
    title: 'ForkRun with a mode other than replay or branch fails INVALID_ARGUMENT with a validation_error envelope',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: `${FORK_SPEC} (mode ∈ replay|branch, required; body closed → 400)`,
    gate: FORK_GATE,
    leniency: ADVERTISED_MODE,
    fixtures: ['conformance-noop'],
  },
  {
    id: 'fork.replay-overlay-rejected',
    title: 'A replay fork with a non-empty overlay fails INVALID_ARGUMENT with a validation_error envelope',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: `${FORK_SPEC} (the overlay is branch-only; replay with an overlay → 400)`,
    gate: modeGate('replay'),
    fixtures: ['conformance-noop'],
  },
  {
    id: 'fork.beyond-log-refused',
    title: 'ForkRun with from_seq beyond the source log is refused (FAILED_PRECONDITION, or the fork_point_invalid envelope)',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: `${FORK_SPEC} (422 fromSeq beyond the source log; v2 fork_point_invalid)`,
    gate: FORK_GATE,
    fixtures: ['conformance-noop'],
    leniency: `v1 names no code for 422 and no gRPC mapping: FAILED_PRECONDITION, OUT_OF_RANGE or INVALID_ARGUMENT with any schema-valid envelope, or fork_point_invalid under any of them, pass; an OK answer fails. ${ADVERTISED_MODE}`,
  },
  {
    id: 'fork.unknown-source-not-found',
    title: 'ForkRun of an unknown run fails NOT_FOUND with a not_found/run_not_found envelope',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun'],
    specRef: `${FORK_SPEC} (404 unknown source)`,
    gate: FORK_GATE,
    leniency: ADVERTISED_MODE,
  },
  {
    id: 'fork.source-unchanged',
    title: 'Forking never changes the source run: its snapshot and event log are the same before and after',
    level: 'MUST',
    area: 'fork',
    rpcs: ['ForkRun', 'GetRun', 'StreamRunEvents'],
    specRef: `${FORK_SPEC} (branch: an independent run, the source is unchanged)`,
    gate: FORK_GATE,
    leniency: ADVERTISED_MODE,
    fixtures: ['conformance-noop'],
  },
];
