import { unassessedNote } from './unassessed-profiles.js';
import { coverageMarkdown } from './coverage-section.js';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { baselineReason } from './baseline.js';
import type { ProfileResult } from './profiles.js';
import { evaluateProfiles } from './profiles.js';
import { baselineLine, clip, engineLabel, problemsInReadingOrder, problemsHeading } from './report-facts.js';

export const SUMMARY_FILE = 'summary.md';

/** GitHub aborts a step summary over 1 MiB; we stay far below it by construction, and check. */
export const SUMMARY_BYTE_LIMIT = 1024 * 1024;
const FIRST_PROBLEMS = 20;
const FIELD_MAX = 1500;

/** Table cells: pipes and newlines would break the row; HTML-ish text must show literally. */
const cell = (text: string): string => escapeMarkdown(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
function escapeMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** A fenced block needs a fence longer than any backtick run inside it. */
function fenced(text: string, language = ''): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, text, fence];
}

const VERDICT_ICON: Record<ComplianceReport['verdict'], string> = { conformant: '✅', 'non-conformant': '❌', incomplete: '⚪' };
const PROFILE_ICON: Record<ProfileResult['status'], string> = { certified: '✅', failed: '❌', incomplete: '⚪', 'not-assessed': '➖' };

function profileTable(profiles: readonly ProfileResult[], report: ComplianceReport): string[] {
  const lines = ['| profile | status | MUST passed | failed | blocked | not run | SHOULD passed |', '|---|---|---|---|---|---|---|'];
  for (const profile of profiles) {
    if (profile.requirementIds.length === 0) continue;
    const baselined = profile.baselinedMust > 0 ? ` (${profile.baselinedMust} baselined)` : '';
    lines.push(
      `| \`${profile.id}\` | ${PROFILE_ICON[profile.status]} ${profile.status}${baselined} | ${profile.must.pass}/${profile.must.total} | ${profile.must.fail} | ${profile.must.blocked} | ${profile.must.notRun} | ${profile.should.pass}/${profile.should.total} |`,
    );
  }
  for (const note of unassessedNote(profiles, report, (id) => `\`${id}\``)) lines.push('', note);
  return lines;
}

function areaTable(report: ComplianceReport): string[] {
  // The suite-error column appears only when there was one (results.ts `error`).
  const errors = report.results.some((result) => result.disposition === 'error');
  const lines = [
    `| area | pass | fail | blocked | inapplicable | skipped |${errors ? ' suite error |' : ''}`,
    `|---|---|---|---|---|---|${errors ? '---|' : ''}`,
  ];
  for (const area of [...new Set(report.results.map((result) => result.area))]) {
    const inArea = report.results.filter((result) => result.area === area);
    const count = (disposition: string): number => inArea.filter((result) => result.disposition === disposition).length;
    lines.push(
      `| ${area} | ${count('pass')} | ${count('fail')} | ${count('blocked')} | ${count('inapplicable')} | ${count('skipped')} |${errors ? ` ${count('error')} |` : ''}`,
    );
  }
  return lines;
}

function problemSection(report: ComplianceReport, result: RequirementResult): string[] {
  const excuse = baselineReason(report.baseline, result.requirementId);
  const tag = excuse !== undefined ? ` — baselined: ${cell(excuse)}` : '';
  const lines = [
    `#### ${result.disposition === 'fail' ? '❌' : result.disposition === 'error' ? '🐞' : '⛔'} \`${result.requirementId}\` [${result.level}] ${result.disposition}${tag}`,
    '',
    cell(result.title),
    '',
  ];
  lines.push(`- **why:** ${cell(clip(result.reason ?? '', FIELD_MAX))}`);
  if (result.expected !== undefined) lines.push(`- **expected:** ${cell(clip(result.expected, FIELD_MAX))}`);
  if (result.actual !== undefined) lines.push(`- **actual:** ${cell(clip(result.actual, FIELD_MAX))}`);
  lines.push(`- **spec:** ${cell(result.specRef)}`);
  if (result.transport) lines.push(`- **over:** ${cell(result.transport)}`);
  if (result.repro) lines.push('', ...fenced(clip(result.repro, FIELD_MAX * 2), 'sh'));
  lines.push('');
  return lines;
}

const codeList = (names: readonly string[]): string => names.map((name) => `\`${cell(name)}\``).join(', ');

function targetLine(report: ComplianceReport): string {
  const parts = [`${cell(engineLabel(report))} at \`${cell(report.target.url)}\`${report.target.reference ? ' (bundled reference engine)' : ''}`];
  if (report.target.faults.length > 0) parts.push(`faults: ${codeList(report.target.faults)}`);
  if (report.target.variants.length > 0) parts.push(`tolerated variants: ${codeList(report.target.variants)}`);
  return parts.join(', ');
}

/**
 * summary.md: verdict, per-profile and per-area tables, then the first failures (and blocked
 * requirements) with their repro lines. Suitable for $GITHUB_STEP_SUMMARY.
 */
export function renderMarkdownSummary(report: ComplianceReport): string {
  const { summary } = report;
  const lines = [
    `## ${VERDICT_ICON[report.verdict]} openwop conformance: ${report.verdict.toUpperCase()}`,
    '',
    `${cell(report.verdictReason)}.`,
    '',
    `**Engine:** ${targetLine(report)}  `,
    `**Suite:** ${report.suite.name} ${report.suite.version}, ${(report.durationMs / 1000).toFixed(1)} s  `,
    `**Results:** ${summary.pass} pass, ${summary.fail} fail, ${summary.blocked} blocked, ${summary.inapplicable} inapplicable, ${summary.skipped} skipped${(summary.error ?? 0) > 0 ? `, **${summary.error} suite error(s) — please report** (an exception in the suite, not the engine)` : ''} of ${summary.total}`,
  ];
  const baseline = baselineLine(report);
  if (baseline) lines.push('', `**Baseline:** ${cell(baseline)}`);
  if (report.connectionError) lines.push('', `> **Not exercised:** ${cell(report.connectionError)}`);
  if (report.incompleteCauses && report.incompleteCauses.length > 0) {
    lines.push('', '**What the engine must provide for a complete verdict:**', ...report.incompleteCauses.map((cause) => `- ${cell(cause)}`));
  }
  lines.push('', '### Profiles', '', ...profileTable(evaluateProfiles(report), report), '', '### Areas', '', ...areaTable(report));
  const coverage = coverageMarkdown(report);
  if (coverage.length > 0) lines.push('', ...coverage);

  const problems = problemsInReadingOrder(report);
  if (problems.length > 0 && !report.connectionError) {
    lines.push('', `### ${problemsHeading(report)} (${problems.length})`, '');
    for (const result of problems.slice(0, FIRST_PROBLEMS)) lines.push(...problemSection(report, result));
    if (problems.length > FIRST_PROBLEMS) lines.push(`…and ${problems.length - FIRST_PROBLEMS} more; see report.html or report.json.`, '');
  }
  lines.push('', '<sub>Repro lines run with grpcurl. Full details: report.html, report.json.</sub>', '');
  return fitWithinLimit(lines.join('\n'));
}

/** A last guard: a report that still comes out too large is cut at a line boundary, saying so. */
function fitWithinLimit(text: string): string {
  if (Buffer.byteLength(text, 'utf8') < SUMMARY_BYTE_LIMIT) return text;
  const note = '\n\n…summary cut to stay under 1 MiB; see report.html.\n';
  let cut = text.slice(0, SUMMARY_BYTE_LIMIT / 4);
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  return `${cut}${note}`;
}
