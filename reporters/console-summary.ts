import type { ComplianceReport, Disposition, RequirementResult } from '../harness/verdicts/results.js';
import { AREAS } from '../harness/requirements/requirement.js';
import { capConsoleLine } from '../harness/support/engine-text.js';

const COLUMNS: Disposition[] = ['pass', 'fail', 'inapplicable', 'skipped', 'blocked'];
/** Shown only when the run had one: a suite error is never an engine outcome, and never hidden. */
const ERROR_COLUMN: Disposition = 'error';

const pad = (text: string, width: number): string => text.padEnd(width);

/**
 * The human summary of one run, as lines: what was tested, a table per area, then each failure
 * with expected vs actual and a command that reproduces it, then what was blocked and why.
 */
export function renderConsoleSummary(report: ComplianceReport, reportPath: string | undefined): string[] {
  const lines: string[] = [];
  const engine = report.engine ? `${report.engine.name ?? 'unnamed engine'} ${report.engine.version ?? ''}`.trim() : 'engine not identified';
  const faults = report.target.faults.length > 0 ? ` with faults ${report.target.faults.join(', ')}` : '';
  lines.push(
    `${report.suite.name} ${report.suite.version} → ${report.target.url} (${engine}${report.target.reference ? ', bundled reference engine' : ''}${faults})`,
  );
  if (report.target.peer)
    lines.push(
      `  compared with its ${report.target.peer.surface} surface at ${report.target.peer.url} (${report.target.peer.source === 'flag' ? `--${report.target.peer.surface}` : 'advertised grpc.endpoint'})`,
    );
  if (report.connectionError) lines.push(`  ! ${report.connectionError}`);
  lines.push('');
  const suiteErrors = report.results.filter((result) => result.disposition === 'error');
  const columns = suiteErrors.length > 0 ? [...COLUMNS, ERROR_COLUMN] : COLUMNS;
  lines.push(`  ${pad('area', 12)}${columns.map((column) => pad(column, 14)).join('')}`);
  for (const area of AREAS) {
    const inArea = report.results.filter((result) => result.area === area);
    if (inArea.length === 0) continue;
    const counts = columns.map((column) => pad(String(inArea.filter((result) => result.disposition === column).length), 14));
    lines.push(`  ${pad(area, 12)}${counts.join('')}`);
  }

  const failures = report.results.filter((result) => result.disposition === 'fail');
  if (failures.length > 0) {
    lines.push('', 'Failures:');
    for (const failure of failures) lines.push(...renderFailure(failure));
  }
  const blocked = report.results.filter((result) => result.disposition === 'blocked');
  if (blocked.length > 0 && !report.connectionError) {
    lines.push('', 'Blocked (advertised but not exercised; not held against the engine):');
    for (const result of blocked) lines.push(`  - ${result.requirementId}: ${result.reason ?? ''}`);
  }
  if (suiteErrors.length > 0) {
    lines.push('', `${SUITE_ERROR_LINE} (an exception in the suite's own code; not held against the engine):`);
    for (const result of suiteErrors) lines.push(`  ! ${result.requirementId}: ${result.reason ?? ''}`);
  }
  if (report.verdict === 'incomplete' && report.incompleteCauses.length > 0 && !report.connectionError && suiteErrors.length === 0) {
    lines.push('', 'Incomplete — to complete the assessment:');
    for (const cause of report.incompleteCauses) lines.push(`  - ${cause}`);
  }
  lines.push('');
  const { summary } = report;
  lines.push(
    `${report.verdict.toUpperCase()}: ${report.verdictReason}. ${summary.pass} pass, ${summary.fail} fail, ${summary.inapplicable} inapplicable, ${summary.skipped} skipped, ${summary.blocked} blocked${suiteErrors.length > 0 ? `, ${suiteErrors.length} suite error(s)` : ''} of ${summary.total} (${report.durationMs} ms)`,
  );
  if (reportPath) lines.push(`Report: ${reportPath}`);
  // Report fields are capped already; this guard holds the console to bounded lines whatever a field holds.
  return lines.map(capConsoleLine);
}

/** The console's words for a run with suite errors (results.ts `error`; exit 3). */
export const SUITE_ERROR_LINE = 'Suite error — please report';

function renderFailure(result: RequirementResult): string[] {
  const lines = [`  ✗ [${result.level}] ${result.requirementId} — ${result.title}`, `      why:      ${result.reason ?? ''}`];
  if (result.expected !== undefined) lines.push(`      expected: ${result.expected}`);
  if (result.actual !== undefined) lines.push(`      actual:   ${result.actual}`);
  lines.push(`      spec:     ${result.specRef}`);
  if (result.transport) lines.push(`      over:     ${result.transport}`);
  if (result.repro) lines.push(`      repro:    ${result.repro}`);
  return lines;
}
