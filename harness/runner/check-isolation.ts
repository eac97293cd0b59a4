import type { Area, CheckIsolation, Requirement } from '../requirements/requirement.js';

/**
 * Which checks may not run beside others under `--jobs` > 1, by area, unless a requirement says
 * otherwise (`Requirement.isolation`). Everything else is independent: each check creates its own
 * runs and reads only them, and `t.once` shares a promise, so concurrent readers see one answer.
 */
const AREA_ISOLATION: Partial<Record<Area, CheckIsolation>> = {
  // Subscriptions receive the events of every run on the engine, not only the check's own, and a
  // fixed --webhook-port is one port for all receivers (webhook-session.ts binds one per check).
  webhook: { exclusive: true },
  // VerifyAuditLog reads a fixed range of the engine-wide log that every other check's calls append
  // to; checkpoints and anomalies are judged on what the log holds at that moment.
  audit: { exclusive: true },
  // Hostile inputs may take an engine down: run alone, the check that sent them is the one that sees
  // it and says so, instead of every check in flight blocking on a circuit it did not cause.
  input: { exclusive: true },
};

const INDEPENDENT: CheckIsolation = {};

export function isolationOf(requirement: Requirement): CheckIsolation {
  return requirement.isolation ?? AREA_ISOLATION[requirement.area] ?? INDEPENDENT;
}
