import type { TestContext } from '../../harness/runner/test-context.js';
import { readCapability } from '../../harness/verdicts/gating.js';

/**
 * The drain policies a check may send (capabilities.md §runs.pauseResume; rest-endpoints.md
 * §pause): the ones the engine lists in `runs.pauseResume.drainPolicies`. The list is optional, so
 * an engine that lists none is taken to serve both spec policies; the default, when a request names
 * none, is `drain-current-node`.
 */

export const DRAIN_POLICIES = ['immediate', 'drain-current-node'] as const;
export type DrainPolicy = (typeof DRAIN_POLICIES)[number];
export const DEFAULT_DRAIN_POLICY: DrainPolicy = 'drain-current-node';

/** The spec policies the engine advertises; both when it advertises no list. */
export function advertisedDrainPolicies(t: TestContext): DrainPolicy[] {
  const listed = readCapability(t.capabilities, 'runs.pauseResume.drainPolicies');
  if (!Array.isArray(listed)) return [...DRAIN_POLICIES];
  return DRAIN_POLICIES.filter((policy) => listed.includes(policy));
}

/**
 * The policy to pause with where the check does not depend on one: `preferred` when advertised,
 * else another advertised one, else none (the request then names no policy and gets the default).
 */
export function pausePolicy(t: TestContext, preferred: DrainPolicy): DrainPolicy | undefined {
  const served = advertisedDrainPolicies(t);
  const chosen = served.includes(preferred) ? preferred : served[0];
  if (chosen !== preferred) {
    t.warn(
      `runs.pauseResume.drainPolicies does not list ${preferred}; the run was paused with ${chosen ?? `no drainPolicy (the default, ${DEFAULT_DRAIN_POLICY})`}`,
    );
  }
  return chosen;
}

/** The PauseRun fields for a policy (none: the default applies). */
export const withPolicy = (policy: DrainPolicy | undefined): { drainPolicy?: string } => (policy === undefined ? {} : { drainPolicy: policy });
