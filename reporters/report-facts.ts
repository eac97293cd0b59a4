import type { ComplianceReport, Disposition, RequirementResult } from '../harness/verdicts/results.js';
import { baselineReason } from './baseline.js';

/**
 * Small readings of a ComplianceReport that several renderers share, so every format says the
 * same thing the same way (what the engine is, whether a failure was baselined).
 */

export function engineLabel(report: ComplianceReport): string {
  if (!report.engine) return 'engine not identified';
  const { name, version, vendor } = report.engine;
  const base = `${name ?? 'unnamed engine'}${version ? ` ${version}` : ''}`;
  return vendor ? `${base} (${vendor})` : base;
}

/** A result's disposition as users read it: a failure the baseline excuses says so. */
export type ShownDisposition = Disposition | 'baselined';

export function shownDisposition(report: ComplianceReport, result: RequirementResult): ShownDisposition {
  return baselineReason(report.baseline, result.requirementId) !== undefined ? 'baselined' : result.disposition;
}

export const isProblem = (result: RequirementResult): boolean =>
  result.disposition === 'fail' || result.disposition === 'blocked' || result.disposition === 'error';

/** `Failures, blocked requirements and suite errors` when the run had a suite error; the usual heading otherwise. */
export const problemsHeading = (report: ComplianceReport): string =>
  report.results.some((result) => result.disposition === 'error')
    ? 'Suite errors (please report), failures and blocked requirements'
    : 'Failures and blocked requirements';

/** Suite errors first (ours, never hidden among blocks), then failures (unbaselined, MUST before SHOULD), then blocked: the order users should read them in. */
export function problemsInReadingOrder(report: ComplianceReport): RequirementResult[] {
  const rank = (result: RequirementResult): number =>
    result.disposition === 'error'
      ? -1
      : (result.disposition === 'fail' ? 0 : 4) + (shownDisposition(report, result) === 'baselined' ? 2 : 0) + (result.level === 'MUST' ? 0 : 1);
  return report.results.filter(isProblem).sort((a, b) => rank(a) - rank(b));
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function baselineLine(report: ComplianceReport): string | undefined {
  const baseline = report.baseline;
  if (!baseline) return undefined;
  const stale = [
    ...(baseline.nowPassing.length > 0 ? [`now passing: ${baseline.nowPassing.join(', ')}`] : []),
    ...(baseline.unmatched.length > 0 ? [`matching nothing: ${baseline.unmatched.join(', ')}`] : []),
  ];
  return `${baseline.baselined.length} failure(s) baselined by ${baseline.path} (sha256 ${baseline.sha256})${stale.length > 0 ? `; stale, remove them: ${stale.join('; ')}` : ''}`;
}
