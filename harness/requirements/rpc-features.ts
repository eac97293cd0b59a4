import type { RpcName } from '../transport/rpc-names.js';
import type { CapabilityCondition } from './requirement.js';
import { AUDIT_GATE } from './audit-requirements.js';
import { FORK_GATE } from './fork-requirements.js';
import { BULK_GATE } from './lifecycle-requirements.js';
import { PAUSE_GATE } from './pause-requirements.js';
import { WEBHOOKS_GATE } from './webhook-requirements.js';

/**
 * The feature behind each optional RPC, as its own area gates it: a probe of an RPC (auth order,
 * input validation, error mapping) belongs to that RPC's feature, so an engine that does not offer
 * the feature is not held to how the RPC answers (protocol-digest §7: a gate skips, never fails).
 * An RPC is offered when every `gate` condition holds, or when the engine lists one of `fixtures`
 * (interrupts and artifacts have no capability flag in v1: their areas are gated on fixtures).
 * RPCs not listed here are core and always offered.
 */
export interface RpcFeature {
  /** What the engine advertises when it offers the RPC, for notes. */
  describe: string;
  gate: readonly CapabilityCondition[];
  /** Alternatively: any of these fixtures is listed. */
  fixtures?: readonly string[];
}

const INTERRUPTS: RpcFeature = { describe: 'interrupts.supported or an interrupt fixture (conformance-approval, conformance-clarification)', gate: [{ path: 'interrupts.supported', test: 'true' }], fixtures: ['conformance-approval', 'conformance-clarification'] };

export const RPC_FEATURES: Partial<Record<RpcName, RpcFeature>> = {
  ForkRun: { describe: 'replay.supported with non-empty replay.modes', gate: FORK_GATE },
  PauseRun: { describe: 'runs.pauseResume.supported', gate: PAUSE_GATE },
  ResumeRun: { describe: 'runs.pauseResume.supported', gate: PAUSE_GATE },
  BulkCancelRuns: { describe: 'runs.bulkCancel.supported (not false)', gate: BULK_GATE },
  ResolveInterruptByRun: INTERRUPTS,
  ResolveInterruptByToken: INTERRUPTS,
  InspectInterruptByToken: INTERRUPTS,
  GetArtifact: { describe: 'artifacts.supported or the conformance-artifact fixture', gate: [{ path: 'artifacts.supported', test: 'true' }], fixtures: ['conformance-artifact'] },
  RegisterWebhook: { describe: 'webhooks.supported', gate: WEBHOOKS_GATE },
  UnregisterWebhook: { describe: 'webhooks.supported', gate: WEBHOOKS_GATE },
  VerifyAuditLog: { describe: 'auth.auditLogIntegrity', gate: AUDIT_GATE },
};
