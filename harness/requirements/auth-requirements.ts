import type { Requirement } from './requirement.js';
import { RPC_TABLE } from '../../contract/rpc-table.js';
import { BULK_GATE } from './lifecycle-requirements.js';

const AUTH = 'auth.md v1.1 (protocol-digest §6); grpc-transport.md §Metadata expected auth outcomes (§1.3)';
const UNOFFERED =
  "A probe belongs to its RPC's feature gate (harness/requirements/rpc-features.ts: ForkRun needs replay.supported with modes, PauseRun/ResumeRun runs.pauseResume.supported, BulkCancelRuns runs.bulkCancel.supported not false, webhooks webhooks.supported, VerifyAuditLog auth.auditLogIntegrity, ResolveInterruptByRun an interrupt fixture, GetArtifact conformance-artifact or artifacts.supported): an RPC the engine does not offer is not held to auth order; its answer (UNIMPLEMENTED, a REST route miss) is recorded as a note.";
/** Every RPC but the public ones: discovery, and the two the signed interrupt token authorizes (protocol-digest §6; contract/rpc-table.ts `access`). */
export const AUTHENTICATED_RPCS: Requirement['rpcs'] = RPC_TABLE.filter((entry) => entry.access === 'token').map((entry) => entry.name);

/**
 * Bearer-token outcomes over gRPC (the spec's conformance check 4). They apply when the suite holds
 * a token (--token): giving one says the engine requires it. The scope check also needs a valid
 * token without the run scopes (--limited-token).
 */
export const AUTH_REQUIREMENTS: Requirement[] = [
  {
    id: 'auth.no-token-unauthenticated',
    title: 'Every authenticated RPC called without authorization metadata fails UNAUTHENTICATED, even for a run that exists',
    level: 'MUST',
    area: 'auth',
    rpcs: AUTHENTICATED_RPCS,
    specRef: `${AUTH} (no authorization → UNAUTHENTICATED)`,
    fixtures: ['conformance-noop'],
    credentials: ['token'],
    leniency: UNOFFERED,
  },
  {
    id: 'auth.authenticated-before-existence',
    title: 'Without a token, an unknown run, workflow or webhook id fails UNAUTHENTICATED, never NOT_FOUND',
    level: 'MUST',
    area: 'auth',
    rpcs: [
      'GetWorkflow',
      'GetRun',
      'CancelRun',
      'StreamRunEvents',
      'ForkRun',
      'PauseRun',
      'ResumeRun',
      'ResolveInterruptByRun',
      'GetArtifact',
      'UnregisterWebhook',
    ],
    specRef: 'rest-endpoints.md check order (protocol-digest §2: authentication before existence; not found must not reveal existence)',
    leniency: UNOFFERED,
    credentials: ['token'],
  },
  {
    id: 'auth.invalid-token-unauthenticated',
    title: 'An invalid bearer token fails UNAUTHENTICATED on every authenticated RPC, never PERMISSION_DENIED',
    level: 'MUST',
    area: 'auth',
    rpcs: AUTHENTICATED_RPCS,
    specRef: `${AUTH} (a bad key MUST give 401, never 403)`,
    fixtures: ['conformance-noop'],
    leniency: UNOFFERED,
    credentials: ['token'],
  },
  {
    id: 'auth.missing-scope-permission-denied',
    title: "A valid token without the RPC's scope (runs:create, runs:read, runs:cancel) fails PERMISSION_DENIED with a forbidden envelope",
    level: 'MUST',
    area: 'auth',
    rpcs: ['CreateRun', 'GetRun', 'CancelRun', 'BulkCancelRuns', 'StreamRunEvents', 'ForkRun', 'PauseRun', 'ResumeRun'],
    specRef: `${AUTH} (valid key without the scope → 403 forbidden); grpc-transport.md method → scope table`,
    fixtures: ['conformance-noop'],
    leniency: UNOFFERED,
    credentials: ['token', 'limited-token'],
  },
  {
    id: 'auth.other-tenant-run-hidden',
    title:
      "With another tenant's token, the suite tenant's run can be neither read (GetRun, StreamRunEvents) nor cancelled: each is refused NOT_FOUND (run_not_found) or PERMISSION_DENIED (run_forbidden), and the run is unchanged",
    level: 'MUST',
    area: 'auth',
    rpcs: ['CreateRun', 'GetRun', 'StreamRunEvents', 'CancelRun'],
    specRef:
      'auth.md §Authorization (1 tenant isolation: a tenant-A caller cannot read or mutate tenant-B resources; 2 scope-resource match); rest-endpoints.md §Common codes (run_forbidden 403, or 404: a cross-workspace read never reveals the run)',
    fixtures: ['conformance-noop', 'conformance-delay'],
    credentials: ['token', 'other-tenant-token'],
    leniency:
      "Both refusals the spec names pass (404 hides the run; 403 run_forbidden is its own cross-workspace code); forbidden and not_found are accepted as their generic forms. A control first shows the other tenant's token creates and reads a run of its own. Bulk cancel entries, webhooks and event polls of another tenant are not probed.",
  },
  {
    id: 'auth.other-tenant-bulk-cancel-entry',
    title:
      "BulkCancelRuns naming the suite tenant's run, sent with another tenant's token, answers OK with an ok:false entry for it (forbidden, or not_found), never a top-level PERMISSION_DENIED, and the run is not cancelled",
    level: 'MUST',
    area: 'auth',
    rpcs: ['CreateRun', 'BulkCancelRuns', 'GetRun'],
    specRef:
      'rest-endpoints.md §POST /v1/runs:bulk-cancel "Auth scope" ("Per-runId authorization MUST still be enforced — a caller without visibility on a runId gets forbidden in that result entry (not a top-level 403)"); §Common error codes (not_found: "caller can\'t see it (do not leak existence)")',
    fixtures: ['conformance-delay'],
    credentials: ['token', 'other-tenant-token'],
    gate: BULK_GATE,
    leniency:
      "The section names forbidden for the entry; the common codes give not_found for a resource the caller cannot see, so both are accepted (with their run_forbidden/run_not_found forms) and which was seen is recorded. Either entry form (ErrorEnvelope {error} or the prose {code}) is read. A control first shows the other tenant's token is served a bulk cancel of an unknown id.",
  },
  {
    id: 'auth.token-rpcs-public',
    title: 'InspectInterruptByToken and ResolveInterruptByToken need no bearer token (the interrupt token is the credential)',
    level: 'MUST',
    area: 'auth',
    rpcs: ['GetCapabilities', 'InspectInterruptByToken', 'ResolveInterruptByToken'],
    specRef: 'auth.md §Unauthenticated endpoints (/v1/interrupts/{token}); grpc-transport.md scope table (none: the token is the credential)',
    credentials: ['token'],
  },
];
