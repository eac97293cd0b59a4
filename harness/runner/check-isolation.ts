import type { Area, CheckIsolation, Requirement } from '../requirements/requirement.js';
import { fixtureBoundMs } from '../waits/deadlines.js';

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

/** The longest time bound the fixture catalogue states for any of the check's fixtures (0 without one). */
const slowestFixtureMs = (requirement: Requirement): number => Math.max(0, ...(requirement.fixtures ?? []).map((fixture) => fixtureBoundMs(fixture) ?? 0));

/**
 * The order checks are started in; results are reported in the serial order whatever this is.
 * With one job it is the serial order itself. With more, a run should cost about its longest check
 * (bench/full-run.ts): checks on the slow fixtures (the catalogue's longest stated bounds, e.g.
 * conformance-delay) start first, the rest in serial order after them; the exclusive checks come
 * last, one after another, so their barrier never waits for a long check to drain the engine in the
 * middle of the run. Last, not first: the audit checks then read a log at least as full as a serial
 * run leaves it, and a hostile input that takes the engine down blocks no check that has not run.
 */
export function startOrder<T extends { requirement: Requirement }>(entries: readonly T[], jobs: number): T[] {
  if (jobs <= 1) return [...entries];
  const shared = entries.filter((entry) => isolationOf(entry.requirement).exclusive !== true);
  const exclusive = entries.filter((entry) => isolationOf(entry.requirement).exclusive === true);
  // Array.prototype.sort is stable, so equal bounds keep the serial order.
  const slowestFirst = [...shared].sort((a, b) => slowestFixtureMs(b.requirement) - slowestFixtureMs(a.requirement));
  return [...slowestFirst, ...exclusive];
}
