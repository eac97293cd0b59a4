import type { Requirement } from './requirement.js';

const PAUSE_SPEC = 'runs-events-digest §4; protocol-digest §2 PauseRun/ResumeRun';
export const PAUSE_GATE = [{ path: 'runs.pauseResume.supported', test: 'true' as const }];
/**
 * A requirement about one drain policy applies when the engine lists it in
 * runs.pauseResume.drainPolicies, or lists none (the list is optional: capabilities.md §runs.pauseResume).
 */
const policyGate = (policy: 'immediate' | 'drain-current-node') => [
  ...PAUSE_GATE,
  { path: 'runs.pauseResume.drainPolicies', test: 'includes' as const, value: policy, unlisted: 'applies' as const },
];
/** Checks that pause with any policy use one the engine advertises (immediate when listed, else drain-current-node, else none). */
const ADVERTISED_POLICY =
  'The pause uses a drain policy the engine lists in runs.pauseResume.drainPolicies (immediate when listed, else drain-current-node, else the request names none and the default applies); the one used is recorded.';
const CONFLICT_LENIENCY =
  'v1 names no envelope code for these 409s (v2: run_state_conflict) and no gRPC mapping: FAILED_PRECONDITION or ABORTED with a conflict-like envelope code pass; details.runStatus naming the actual status is required.';

/** Pause and resume (PauseRun, ResumeRun), gated on runs.pauseResume. */
export const PAUSE_REQUIREMENTS: Requirement[] = [
  {
    id: 'pause.running-run-pauses',
    title:
      'PauseRun on a running run (with an advertised drain policy) answers paused, the snapshot reads paused, and run.paused keeps the drain policy in its payload',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'GetRun', 'StreamRunEvents'],
    specRef: `${PAUSE_SPEC} (202 status paused; run.paused; the policy MUST be persisted on the payload)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: ADVERTISED_POLICY,
  },
  {
    id: 'pause.drain-completes-current-node',
    title: 'With drain-current-node, the node in flight completes (node.completed) before run.paused',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'StreamRunEvents'],
    specRef: `${PAUSE_SPEC} (under drain-current-node, node.completed precedes run.paused)`,
    gate: policyGate('drain-current-node'),
    fixtures: ['conformance-delay'],
  },
  {
    id: 'pause.immediate-stops-current-node',
    title: 'With immediate, no node completes after run.paused until the run is resumed',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'ResumeRun', 'StreamRunEvents'],
    specRef: `${PAUSE_SPEC} (immediate snapshots between events); capabilities.md §runs.pauseResume (drainPolicies lists the policies served)`,
    gate: policyGate('immediate'),
    fixtures: ['conformance-delay'],
  },
  {
    id: 'pause.paused-executes-nothing',
    title: "While paused nothing executes: no node event and no terminal event for well past the node's delay",
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'StreamRunEvents', 'GetRun'],
    specRef: `${PAUSE_SPEC} (a paused run leaves only by resume or cancel)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: ADVERTISED_POLICY,
  },
  {
    id: 'pause.resume-continues',
    title: 'ResumeRun answers running, run.resumed follows run.paused, and the run continues to completed',
    level: 'MUST',
    area: 'pause',
    rpcs: ['ResumeRun', 'StreamRunEvents', 'GetRun'],
    specRef: `${PAUSE_SPEC} (202 status running; emits run.resumed; continues from the pause position)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: `run.resuming between run.paused and run.resumed is tolerated (whether :resume emits it is unspecified). ${ADVERTISED_POLICY}`,
  },
  {
    id: 'pause.pause-paused-refused',
    title: 'Pausing a paused run is refused with an envelope whose details.runStatus is paused',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun'],
    specRef: `${PAUSE_SPEC} (409 already paused, details.runStatus)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: `${CONFLICT_LENIENCY} ${ADVERTISED_POLICY}`,
  },
  {
    id: 'pause.pause-terminal-refused',
    title: 'Pausing a completed run is refused with an envelope whose details.runStatus is completed, and the run stays completed',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'GetRun'],
    specRef: `${PAUSE_SPEC} (409 terminal, details.runStatus)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-noop'],
    leniency: CONFLICT_LENIENCY,
  },
  {
    id: 'pause.pause-waiting-refused',
    title: 'Pausing a waiting run is refused naming its waiting status, or stacked; either way the run keeps waiting on its interrupt',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'ResumeRun', 'GetRun'],
    specRef: `${PAUSE_SPEC} (409 waiting-*, details.runStatus; the host must not silently discard the interrupt — a stacked pause is tolerated)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-approval'],
    leniency: `${CONFLICT_LENIENCY} A stacked pause (OK) is accepted with a warning; after ResumeRun the run must be waiting on the same node again.`,
  },
  {
    id: 'pause.resume-not-paused-refused',
    title: 'Resuming a run that is not paused is refused with an envelope whose details.runStatus names its status',
    level: 'MUST',
    area: 'pause',
    rpcs: ['ResumeRun'],
    specRef: `${PAUSE_SPEC} (ResumeRun: 409 if not paused, details.runStatus = actual state)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: CONFLICT_LENIENCY,
  },
  {
    id: 'pause.cancel-paused-cancels',
    title: 'Cancelling a paused run ends it cancelled, and its stream ends with run.cancelled',
    level: 'MUST',
    area: 'pause',
    rpcs: ['PauseRun', 'CancelRun', 'StreamRunEvents', 'GetRun'],
    specRef: `${PAUSE_SPEC} (a paused run leaves by resume or cancel); conformance/fixtures.md (cancelled within 5 s)`,
    gate: PAUSE_GATE,
    fixtures: ['conformance-delay'],
    leniency: ADVERTISED_POLICY,
  },
];
