import type { CTRFReport, TestStatus } from 'ctrf';
import { ReportBuilder, TestBuilder, validate } from 'ctrf';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { baselineReason } from './baseline.js';
import { engineLabel } from './report-facts.js';

export const CTRF_FILE = 'ctrf.json';

/** Thrown when the CTRF reference implementation rejects what we built: a suite bug. */
export class InvalidCtrfError extends Error {
  override readonly name = 'InvalidCtrfError';
}

/**
 * CTRF has five statuses; ours map with the original kept in rawStatus: blocked is `other` (the
 * harness could not exercise it), and so is a suite error (`error`: never `failed`, which would
 * read as the engine's), inapplicable and skipped are `skipped`, and a baselined failure
 * is `skipped` too (it does not fail the run), labelled so no reader mistakes it for a pass.
 */
function ctrfStatus(result: RequirementResult, baselined: boolean): TestStatus {
  if (baselined) return 'skipped';
  switch (result.disposition) {
    case 'pass':
      return 'passed';
    case 'fail':
      return 'failed';
    case 'blocked':
    case 'error':
      return 'other';
    case 'inapplicable':
    case 'skipped':
      return 'skipped';
  }
}

function trace(result: RequirementResult): string | undefined {
  const lines: string[] = [];
  if (result.expected !== undefined) lines.push(`expected: ${result.expected}`);
  if (result.actual !== undefined) lines.push(`actual:   ${result.actual}`);
  if (result.repro) lines.push(`repro:    ${result.repro}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** ctrf.json, built and then validated with the CTRF reference implementation (package `ctrf`). */
export function renderCtrf(report: ComplianceReport): CTRFReport {
  const start = Date.parse(report.startedAt);
  const builder = new ReportBuilder()
    .tool({ name: report.suite.name, version: report.suite.version })
    .timestamp(report.finishedAt)
    .generatedBy(`${report.suite.name} ${report.suite.version}`)
    .environment({
      appName: engineLabel(report),
      ...(report.engine?.version && { appVersion: report.engine.version }),
      extra: { target: report.target.url, verdict: report.verdict },
    })
    // Wall-clock: checks run concurrently (--jobs), so the sum of their durations overstates the run.
    .summaryOverrides({ start, stop: Date.parse(report.finishedAt), duration: Date.parse(report.finishedAt) - start })
    .extra({
      verdict: report.verdict,
      verdictReason: report.verdictReason,
      capabilitiesSha256: report.capabilitiesSha256,
      ...(report.baseline && { baselineSha256: report.baseline.sha256, baselined: report.baseline.baselined.length }),
    });
  for (const result of report.results) {
    const excuse = baselineReason(report.baseline, result.requirementId);
    const test = new TestBuilder()
      .name(`${result.requirementId}: ${result.title}`)
      .status(ctrfStatus(result, excuse !== undefined))
      .rawStatus(excuse !== undefined ? `${result.disposition} (baselined)` : result.disposition)
      .duration(result.durationMs)
      .suite([result.area])
      .labels({
        requirementId: result.requirementId,
        level: result.level,
        area: result.area,
        specRef: result.specRef,
        ...(excuse !== undefined && { baselined: excuse }),
      })
      .tags([result.level, result.area]);
    if (result.reason) test.message(excuse !== undefined ? `baselined (${excuse}): ${result.reason}` : result.reason);
    const details = trace(result);
    if (details) test.trace(details);
    builder.addTest(test.build());
  }
  const document = builder.build();
  const verdict = validate(document);
  if (!verdict.valid) throw new InvalidCtrfError(`ctrf.json does not validate (a suite bug): ${verdict.errors.map((error) => error.message).join('; ')}`);
  return document;
}
