import type { CoverageRecord, LevelCounts, LevelTable } from '../harness/ledger/coverage.js';
import { computeCoverage, shares } from '../harness/ledger/coverage.js';
import { loadSpecLedger } from '../harness/ledger/spec-ledger.js';
import { REQUIREMENTS } from '../harness/requirements/registry.js';
import type { TransportKind } from '../harness/transport/engine-client.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { escapeHtml } from './html-report.js';

/** Levels shown in the coverage tables (MAY statements are counted in report.json, not shown). */
const SHOWN_LEVELS = ['MUST', 'SHOULD', 'CONTRACT'] as const;

/** A requirement counts as exercised when it ran to a verdict on the engine: pass or fail. */
export function exercisedRequirements(results: readonly RequirementResult[]): Set<string> {
  return new Set(results.filter((result) => result.disposition === 'pass' || result.disposition === 'fail').map((result) => result.requirementId));
}

/** The coverage block of report.json: static (the suite) and dynamic (this run) for the run's transport. */
export function reportCoverage(results: readonly RequirementResult[], transport: TransportKind): CoverageRecord {
  return computeCoverage({ ledger: loadSpecLedger(), requirements: REQUIREMENTS.all, transport, exercised: exercisedRequirements(results) });
}

const percent = (value: number): string => `${Math.round(value * 100)} %`;

/** "12/30 fully (40 %), 25/30 at least in part (83 %)". */
export function levelLine(row: LevelCounts): string {
  const share = shares(row);
  return `${row.proved}/${row.total} fully (${percent(share.full)}), ${row.proved + row.partial}/${row.total} at least in part (${percent(share.atLeastPartly)}), ${row.untested} untested, ${row.untestable} not testable`;
}

function tableRows(table: LevelTable, run: LevelTable | undefined): string[] {
  return SHOWN_LEVELS.map((level) => {
    const suite = table[level];
    const exercised = run?.[level];
    return `| ${level} | ${suite.total} | ${suite.proved} | ${suite.partial} | ${suite.untested} | ${suite.untestable} | ${exercised ? `${exercised.proved} / ${exercised.partial}` : '—'} |`;
  });
}

/** summary.md's coverage section. */
export function coverageMarkdown(report: ComplianceReport): string[] {
  const coverage = report.coverage;
  if (!coverage) return [];
  const header = ['| level | statements | proved | partly | untested | not testable | this run: proved / partly |', '|---|---|---|---|---|---|---|'];
  return [
    '### Spec coverage',
    '',
    `Statements of the spec ledger over ${coverage.transport} (${coverage.statements}, ${coverage.verified} verified against the spec text). MUST: ${levelLine(coverage.suite.MUST)}.`,
    '',
    ...header,
    ...tableRows(coverage.suite, coverage.run),
    '',
    `<sub>${coverage.basis} \`openwop-conformance coverage --untested\` lists what no requirement proves.</sub>`,
  ];
}

/** report.html's coverage section: the level table, then one row per area. */
export function coverageHtml(report: ComplianceReport): string {
  const coverage = report.coverage;
  if (!coverage) return '';
  const head =
    '<tr><th>level</th><th>statements</th><th>proved</th><th>partly</th><th>untested</th><th>not testable</th><th>this run: proved / partly</th></tr>';
  const rows = (table: LevelTable, run: LevelTable | undefined): string =>
    tableRows(table, run)
      .map(
        (row) =>
          `<tr>${row
            .split('|')
            .slice(1, -1)
            .map((cell) => `<td>${escapeHtml(cell.trim())}</td>`)
            .join('')}</tr>`,
      )
      .join('');
  const areas = coverage.byArea
    .map(
      (area) =>
        `<tr><td>${escapeHtml(area.area)}</td><td>${escapeHtml(levelLine(area.suite.MUST))}</td><td>${escapeHtml(area.run ? levelLine(area.run.MUST) : '—')}</td></tr>`,
    )
    .join('');
  return `<h2 id="coverage">Spec coverage (${escapeHtml(coverage.transport)})</h2>
<p>${coverage.statements} statements of the spec ledger apply over ${escapeHtml(coverage.transport)}; ${coverage.verified} are verified against the spec text.</p>
<table class="coverage"><thead>${head}</thead><tbody>${rows(coverage.suite, coverage.run)}</tbody></table>
<details><summary>MUST statements by area</summary><table class="coverage"><thead><tr><th>area</th><th>the suite</th><th>this run</th></tr></thead><tbody>${areas}</tbody></table></details>
<p class="basis">${escapeHtml(coverage.basis)}</p>`;
}
