import type { ComplianceReport } from '../harness/verdicts/results.js';
import { isStale } from './baseline.js';
import { evaluateProfiles } from './profiles.js';

/** Exit codes: 0 the gate passed, 1 it did not, 2 nothing could be assessed, 3 a suite error (README §Exit codes). */
export type GateCode = 0 | 1 | 2 | 3;

export interface GateDecision {
  code: GateCode;
  /** One line per reason the gate did not pass (empty when it did). */
  reasons: string[];
}

/**
 * Decides a run's exit code from its report alone. With `requiredProfiles` the code depends on
 * those profiles only; otherwise on the verdict, where a non-conformant verdict caused solely by
 * baselined failures still passes. A stale baseline fails either way: it can only shrink.
 */
export function decideGate(report: ComplianceReport, requiredProfiles: readonly string[]): GateDecision {
  if (report.connectionError) return { code: 2, reasons: [report.connectionError] };
  // A suite error is ours whatever was gated on: the run must not read as the engine's pass or
  // failure, nor hide among blocks (results.ts `error`). Baselines do not excuse it.
  const suiteErrors = report.results.filter((result) => result.disposition === 'error');
  if (suiteErrors.length > 0)
    return { code: 3, reasons: suiteErrors.map((result) => `suite error — please report: ${result.requirementId}: ${result.reason ?? ''}`) };
  const reasons: string[] = [];
  const baseline = report.baseline;
  if (baseline && isStale(baseline)) {
    if (baseline.nowPassing.length > 0)
      reasons.push(`baseline ${baseline.path} lists requirements that now pass (remove them): ${baseline.nowPassing.join(', ')}`);
    if (baseline.unmatched.length > 0) reasons.push(`baseline ${baseline.path} has entries that match no requirement: ${baseline.unmatched.join(', ')}`);
  }
  if (requiredProfiles.length > 0) {
    const profiles = evaluateProfiles(report);
    for (const id of requiredProfiles) {
      const profile = profiles.find((candidate) => candidate.id === id);
      if (!profile) reasons.push(`profile ${id} is not defined`);
      else if (!profile.gatePasses) reasons.push(`profile ${id} is ${profile.status}: ${profile.must.pass}/${profile.must.total} MUST passed`);
    }
  } else {
    reasons.push(...verdictReasons(report));
  }
  return { code: reasons.length === 0 ? 0 : 1, reasons };
}

function verdictReasons(report: ComplianceReport): string[] {
  if (report.verdict === 'conformant') return [];
  const baselined = new Set(report.baseline?.baselined ?? []);
  const unexcused = report.results.filter(
    (result) => result.level === 'MUST' && (result.disposition === 'fail' || result.disposition === 'blocked') && !baselined.has(result.requirementId),
  );
  const anyPassed = report.results.some((result) => result.disposition === 'pass');
  const reason = [`${report.verdict}: ${report.verdictReason}`];
  // Only a verdict that the baseline fully explains is forgiven; anything else keeps its reason.
  if (baselined.size === 0 || unexcused.length > 0 || !anyPassed) return reason;
  if (report.verdict === 'non-conformant') return [];
  // Incomplete: forgiven only when every cause is a baselined (blocked) requirement, never for a
  // missing fixture or capability. A cause we cannot attribute keeps the run failing.
  const attributed = report.incompleteCauses.every((cause) => [...baselined].some((id) => cause.startsWith(`${id}:`)));
  return attributed ? [] : reason;
}
