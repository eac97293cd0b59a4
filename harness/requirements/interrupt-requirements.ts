import type { Requirement } from './requirement.js';

const APPROVAL = 'conformance-approval';
const CLARIFICATION = 'conformance-clarification';
const RESOLVE_SPEC = 'interrupt.md §resolve; rest-endpoints.md §resolveInterruptByRun; runs-events-digest §5';
const TOKEN_SPEC = 'interrupt.md §signed tokens; rest-endpoints.md §resolveInterruptByToken, §inspectInterruptByToken; auth.md (the token is the credential)';
const TOKEN_SOURCE =
  'The spec says tokens are HMAC-signed and scoped to one interrupt but not where a caller reads them: the suite takes the token from the snapshot (interrupt.interruptToken / token / callbackUrl path, or interrupts[]) or the interrupt.requested payload, and says where it found it.';
const STATE_CODES =
  'interrupt_* codes have no gRPC mapping (protocol-digest §1.4): the envelope code decides, and NOT_FOUND, ABORTED, FAILED_PRECONDITION or ALREADY_EXISTS are all accepted for it; the code seen is recorded.';

/**
 * Human-in-the-loop interrupts (runs-events-digest §5; protocol-digest §2): the approval and
 * clarification fixtures suspend their runs, which are resolved by run and node id or by the
 * interrupt's signed token. Node ids are the upstream fixtures': `gate` and `ask` (question `q1`).
 */
export const INTERRUPT_REQUIREMENTS: Requirement[] = [
  {
    id: 'interrupt.approval-waits',
    title: 'A conformance-approval run waits in waiting-approval with currentNodeId naming the gate',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['CreateRun', 'GetRun'],
    specRef: 'conformance/fixtures.md §conformance-approval; run-snapshot.schema.json §currentNodeId (set while waiting-*)',
    fixtures: [APPROVAL],
  },
  {
    id: 'interrupt.suspension-events',
    title: 'A suspended approval run logs node.suspended and interrupt.requested (kind approval) for the gate',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['StreamRunEvents'],
    specRef: 'interrupt.md §events (interrupt.requested, node.suspended); stream-modes.md (both in updates)',
    fixtures: [APPROVAL],
    leniency: 'The gate may be named by the event envelope nodeId or by the payload nodeId; either is accepted.',
  },
  {
    id: 'interrupt.accept-completes',
    title: 'ResolveInterruptByRun with {action: accept} answers the run and node ids, and the run completes',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: `${RESOLVE_SPEC} (200 {runId, nodeId, status}); conformance/fixtures.md §conformance-approval (accept → completed)`,
    fixtures: [APPROVAL],
  },
  {
    id: 'interrupt.resolution-events',
    title: 'A resolved interrupt logs interrupt.resolved and node.resumed for the gate, after interrupt.requested',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'StreamRunEvents'],
    specRef: 'interrupt.md §events (on resolve: interrupt.resolved, node.resumed)',
    fixtures: [APPROVAL],
  },
  {
    id: 'interrupt.approval-received-decided-by',
    title: 'Every approval.received the engine emits for a resolved approval carries a non-empty decidedBy, though the resume value left it out',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'StreamRunEvents'],
    specRef:
      'interrupt.md §kind approval (Layer distinction: "Hosts MUST populate decidedBy in every emitted approval.received event"; §Host-side enforcement boundary)',
    fixtures: [APPROVAL],
    leniency:
      'decidedBy is host-defined and opaque: any non-empty string passes and it is never parsed. The spec makes decidedBy a duty of an emitted approval.received, not the event itself (interrupt.resolved is what resolution must log): an engine that emits none leaves nothing to judge, so the requirement is blocked, saying so. A timeout action (not reached by the suite) would be exempt.',
  },
  {
    id: 'interrupt.legacy-decision-normalised',
    title: 'A legacy approval resume {decision: "approved"} without an action is normalised to accept: the call succeeds and the run completes',
    level: 'SHOULD',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: 'interrupt.md §kind approval, Backward-compat mapping (legacy decision bodies SHOULD be normalized: approved → accept)',
    fixtures: [APPROVAL],
    leniency: 'Only the approved → accept row is probed (rejected → refine/reject would end the run by another route the fixture leaves open).',
  },
  {
    id: 'interrupt.legacy-rejected-normalised',
    title: 'A legacy approval resume {decision: "rejected"} without feedback or action is normalised to reject: the call succeeds and the gate fails',
    level: 'SHOULD',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: 'interrupt.md §kind approval, Backward-compat mapping (legacy decision bodies SHOULD be normalized: rejected + no feedback → reject)',
    fixtures: [APPROVAL],
    leniency:
      "As for interrupt.reject-fails, completing through a branch out of gate is accepted when the engine's definition has one. The rejected + feedback → refine row is not probed: conformance-approval's gate offers only accept and reject, so a host that enforces the gate's actions refuses refine there either way.",
  },
  {
    id: 'interrupt.quorum-decided-by',
    title: 'After three accepts by distinct voters close the conformance-interrupt-quorum gate, the final approval.received carries a non-empty decidedBy',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['CreateRun', 'ResolveInterruptByRun', 'GetRun', 'StreamRunEvents'],
    specRef:
      'interrupt.md §Host-side enforcement boundary ("the FINAL terminal approval.received MUST carry a decidedBy representing whoever closed the quorum (the last approver, or a synthetic quorum:<n>-of-<m>)"); conformance/fixtures.md §conformance-interrupt-quorum',
    fixtures: ['conformance-interrupt-quorum'],
    leniency:
      "decidedBy is opaque: the last approver, a synthetic quorum:<n>-of-<m> or any other host principal passes, and which was seen is recorded. Host- or engine-composed quorum and per-vote approval.received events are all accepted (intermediate events are not spec-locked). Votes are told apart by the resume value's voter (upstream interrupt-quorum-resolution); a quorum that does not hold or never closes blocks, as does a run that logs no approval.received. The profile advertisement is advisory (interrupt-profiles.md §Discovery guidance), so only the fixture gates.",
  },
  {
    id: 'interrupt.reject-fails',
    title: 'Rejecting the conformance-approval gate ends the run failed, or completed through a branch the fixture routes',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: 'interrupt.md §approval (reject fails the gate with approval_rejected unless an edge routes it); conformance/fixtures.md §conformance-approval',
    fixtures: [APPROVAL],
    leniency:
      "The fixture catalogue does not say where reject leads: when the engine's own definition has edges out of gate (GetWorkflow), completing through that branch is accepted too.",
  },
  {
    id: 'interrupt.clarification-answered',
    title: 'A conformance-clarification run waits in waiting-input at ask; the answer to q1 resolves it and is visible to the run',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['CreateRun', 'GetRun', 'ResolveInterruptByRun', 'StreamRunEvents'],
    specRef: 'conformance/fixtures.md §conformance-clarification; run status table (waiting-input is the clarification wait)',
    fixtures: [CLARIFICATION],
    leniency:
      "Where the answer lands is the engine's choice: it counts as visible in the completed snapshot's variables or in the outputs of ask's node.completed or of run.completed; where it was found is recorded.",
  },
  {
    id: 'interrupt.invalid-resume-rejected',
    title: "A resume value outside the interrupt's resume schema fails INVALID_ARGUMENT with a validation_error envelope, and the run stays waiting",
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: `${RESOLVE_SPEC} (400 validation_error); interrupt-profiles.md (the run stays suspended)`,
    fixtures: [APPROVAL],
    leniency: 'The approval-gate profile names the envelope code INVALID_RESUME_VALUE; it is accepted beside validation_error.',
  },
  {
    id: 'interrupt.unknown-node-not-found',
    title: 'ResolveInterruptByRun for a node that has no interrupt fails NOT_FOUND with an interrupt_not_found/not_found envelope',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun'],
    specRef: `${RESOLVE_SPEC} (404 interrupt_not_found)`,
    fixtures: [APPROVAL],
  },
  {
    id: 'interrupt.resolve-twice-refused',
    title: 'Resolving an interrupt a second time is refused (interrupt_not_found or interrupt_already_resolved)',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun'],
    specRef: `${RESOLVE_SPEC} (404 interrupt_not_found: missing or already resolved; 409 interrupt_already_resolved)`,
    fixtures: [APPROVAL],
    leniency: `Both readings of the spec are accepted: 404 interrupt_not_found or 409 interrupt_already_resolved (run_terminal too, once the run has ended). ${STATE_CODES}`,
  },
  {
    id: 'interrupt.concurrent-resolve-one-wins',
    title: 'Of two concurrent resolutions (accept and reject) exactly one succeeds, and the run ends as the winner decided',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByRun', 'GetRun'],
    specRef: `${RESOLVE_SPEC} (409 interrupt_already_resolved: concurrent resolve, exactly one wins)`,
    fixtures: [APPROVAL],
    leniency: STATE_CODES,
  },
  {
    id: 'interrupt.inspect-by-token-public',
    title: 'InspectInterruptByToken without a bearer token returns the pending suspend request (valid against suspend-request)',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['InspectInterruptByToken'],
    specRef: TOKEN_SPEC,
    fixtures: [APPROVAL],
    leniency: `${TOKEN_SOURCE} Fields beside the suspend request (requestedAt, an expiry) are warnings, as readers ignore unknown fields.`,
  },
  {
    id: 'interrupt.resolve-by-token-public',
    title: 'ResolveInterruptByToken without a bearer token resolves the interrupt, and the run completes',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByToken', 'GetRun'],
    specRef: TOKEN_SPEC,
    fixtures: [APPROVAL],
    leniency: TOKEN_SOURCE,
  },
  {
    id: 'interrupt.bad-token-refused',
    title: 'A malformed, unknown or forged interrupt token is refused by Inspect and Resolve, never answered OK',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['InspectInterruptByToken', 'ResolveInterruptByToken'],
    specRef: `${TOKEN_SPEC}; upstream interrupt-token-matrix (malformed → 400/404, unknown → 404)`,
    fixtures: [APPROVAL],
    leniency:
      "Refusals accepted: NOT_FOUND interrupt_not_found/not_found (reference hosts), INVALID_ARGUMENT validation_error, UNAUTHENTICATED interrupt_token_invalid/unauthenticated (v2 registry). The forged token carries the real claims with a wrong signature, in the spec's token format.",
  },
  {
    id: 'interrupt.used-token-refused',
    title: 'A token whose interrupt was resolved is refused when used again',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['ResolveInterruptByToken'],
    specRef: `${TOKEN_SPEC} (409 interrupt_already_resolved: the token is invalidated by resolve)`,
    fixtures: [APPROVAL],
    leniency: `interrupt_already_resolved, interrupt_not_found, interrupt_expired, interrupt_gone and run_terminal are all accepted. ${STATE_CODES} ${TOKEN_SOURCE}`,
  },
  {
    id: 'interrupt.token-refused-after-cancel',
    title: 'After the waiting run is cancelled, its interrupt token is refused and the run stays cancelled',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['CancelRun', 'ResolveInterruptByToken', 'GetRun'],
    specRef: `${TOKEN_SPEC} (422 interrupt_cancelled; cascade profile 410 interrupt_gone or 409 interrupt_already_resolved)`,
    fixtures: [APPROVAL],
    leniency: `interrupt_cancelled, interrupt_gone, interrupt_already_resolved and interrupt_not_found are accepted. ${STATE_CODES} ${TOKEN_SOURCE}`,
  },
  {
    id: 'interrupt.cancel-waiting-run',
    title: 'CancelRun on a waiting-approval run answers cancelling or cancelled, and the run reaches cancelled within 5 s',
    level: 'MUST',
    area: 'interrupt',
    rpcs: ['CancelRun', 'GetRun'],
    specRef: 'run status table (waiting-* → cancelled); rest-endpoints.md §cancelRun; conformance/fixtures.md (a cancel completes within 5 s)',
    fixtures: [APPROVAL],
  },
];
