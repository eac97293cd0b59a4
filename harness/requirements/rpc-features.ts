import type { RpcFeatureId } from '../../contract/rpc-descriptor.js';
import { RPC_TABLE } from '../../contract/rpc-table.js';
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
 * RPCs without a feature in the table are core and always offered.
 */
export interface RpcFeature {
  /** What the engine advertises when it offers the RPC, for notes. */
  describe: string;
  gate: readonly CapabilityCondition[];
  /** Alternatively: any of these fixtures is listed. */
  fixtures?: readonly string[];
}

/** Each feature's gate, as its own area states it; which RPC belongs to which feature is the RPC table's. */
export const FEATURE_GATES: Record<RpcFeatureId, RpcFeature> = {
  fork: { describe: 'replay.supported with non-empty replay.modes', gate: FORK_GATE },
  pause: { describe: 'runs.pauseResume.supported', gate: PAUSE_GATE },
  'bulk-cancel': { describe: 'runs.bulkCancel.supported (not false)', gate: BULK_GATE },
  interrupts: {
    describe: 'interrupts.supported or an interrupt fixture (conformance-approval, conformance-clarification)',
    gate: [{ path: 'interrupts.supported', test: 'true' }],
    fixtures: ['conformance-approval', 'conformance-clarification'],
  },
  artifacts: {
    describe: 'artifacts.supported or the conformance-artifact fixture',
    gate: [{ path: 'artifacts.supported', test: 'true' }],
    fixtures: ['conformance-artifact'],
  },
  webhooks: { describe: 'webhooks.supported', gate: WEBHOOKS_GATE },
  audit: { describe: 'auth.auditLogIntegrity', gate: AUDIT_GATE },
};

/** The feature behind each optional RPC (contract/rpc-table.ts `feature`). */
export const RPC_FEATURES: Partial<Record<RpcName, RpcFeature>> = Object.fromEntries(
  RPC_TABLE.flatMap((entry): [RpcName, RpcFeature][] => ('feature' in entry ? [[entry.name, FEATURE_GATES[entry.feature]]] : [])),
);
