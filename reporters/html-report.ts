import { unassessedNote } from './unassessed-profiles.js';
import { coverageHtml } from './coverage-section.js';
import { createHash } from 'node:crypto';
import type { ComplianceReport, RequirementResult } from '../harness/verdicts/results.js';
import { baselineReason } from './baseline.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import type { ProfileResult } from './profiles.js';
import { evaluateProfiles } from './profiles.js';
import { baselineLine, engineLabel, problemsInReadingOrder, shownDisposition, problemsHeading } from './report-facts.js';

export const HTML_FILE = 'report.html';

/** Every engine-supplied string goes through this; nothing from the report is ever markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const e = escapeHtml;

const FILTER_DISPOSITIONS = ['fail', 'blocked', 'error', 'baselined', 'pass', 'inapplicable', 'skipped'] as const;
const SLOWEST = 10;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function facts(report: ComplianceReport): string {
  const rows: [string, string][] = [
    ['engine', engineLabel(report)],
    ['protocol version', report.engine?.protocolVersion ?? 'unknown'],
    ['target', `${report.target.url}${report.target.reference ? ' (bundled reference engine)' : ''}`],
    ['suite', `${report.suite.name} ${report.suite.version}`],
    ['started', report.startedAt],
    ['duration', seconds(report.durationMs)],
    [
      'results',
      `${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.blocked} blocked, ${report.summary.inapplicable} inapplicable, ${report.summary.skipped} skipped${(report.summary.error ?? 0) > 0 ? `, ${report.summary.error} suite error(s) — please report` : ''} of ${report.summary.total}`,
    ],
  ];
  if (report.target.faults.length > 0) rows.push(['faults', report.target.faults.join(', ')]);
  if (report.target.variants.length > 0) rows.push(['tolerated variants', report.target.variants.join(', ')]);
  const baseline = baselineLine(report);
  if (baseline) rows.push(['baseline', baseline]);
  if (report.capabilitiesSha256) rows.push(['capabilities sha256', report.capabilitiesSha256]);
  if (report.connectionError) rows.push(['not exercised', report.connectionError]);
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`).join('')}</dl>`;
}

function profilesSection(all: readonly ProfileResult[], report: ComplianceReport): string {
  const profiles = all.filter((profile) => profile.requirementIds.length > 0);
  const emptyNote = unassessedNote(all, report, (id) => `<code>${e(id)}</code>`)
    .map((note) => `<p class="muted">${note}</p>`)
    .join('');
  const rows = profiles.map(
    (profile) =>
      `<tr><td><code>${e(profile.id)}</code><div class="muted">${e(profile.title)}</div></td><td><span class="d d-${profile.status}">${e(profile.status)}</span>${profile.baselinedMust > 0 ? ` <span class="muted">(${profile.baselinedMust} baselined)</span>` : ''}</td><td class="num">${profile.must.pass}/${profile.must.total}</td><td class="num">${profile.must.fail}</td><td class="num">${profile.must.blocked}</td><td class="num">${profile.must.notRun}</td><td class="num">${profile.should.pass}/${profile.should.total}</td></tr>`,
  );
  return `<h2>Profiles</h2><p class="muted">A profile is certified only when every MUST requirement in it was exercised and passed.</p><table id="profiles"><thead><tr><th>profile</th><th>status</th><th>MUST passed</th><th>failed</th><th>blocked</th><th>not run</th><th>SHOULD passed</th></tr></thead><tbody>${rows.join('')}</tbody></table>${emptyNote}`;
}

function problemBlock(report: ComplianceReport, result: RequirementResult): string {
  const excuse = baselineReason(report.baseline, result.requirementId);
  const lines: [string, string | undefined][] = [
    ['why', result.reason ?? ''],
    ['expected', result.expected],
    ['actual', result.actual],
    ['spec', result.specRef],
    ['baselined', excuse],
  ];
  const body = lines
    .filter((line): line is [string, string] => line[1] !== undefined)
    .map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`)
    .join('');
  const repro = result.repro ? `<p>Reproduce (grpcurl):</p><pre class="repro">${e(result.repro)}</pre>` : '';
  return `<details class="failure ${e(result.disposition)}" open id="failure-${e(result.requirementId)}"><summary>${e(result.requirementId)} [${e(result.level)}] — ${e(shownDisposition(report, result))}: ${e(result.title)}</summary><dl class="facts">${body}</dl>${repro}</details>`;
}

function requirementTable(report: ComplianceReport): string {
  const areas = [...new Set(report.results.map((result) => result.area))];
  const rows = report.results.map((result) => {
    const shown = shownDisposition(report, result);
    const search = `${result.requirementId} ${result.title} ${result.reason ?? ''}`.toLowerCase();
    const link =
      result.disposition === 'fail' || result.disposition === 'blocked' || result.disposition === 'error'
        ? `<a href="#failure-${e(result.requirementId)}">${e(result.requirementId)}</a>`
        : e(result.requirementId);
    return `<tr data-disposition="${e(shown)}" data-area="${e(result.area)}" data-search="${e(search)}"><td><code>${link}</code></td><td>${e(result.level)}</td><td>${e(result.area)}</td><td><span class="d d-${e(shown)}">${e(shown)}</span></td><td class="num">${result.durationMs} ms</td><td>${e(result.title)}${result.reason ? `<div class="muted">${e(result.reason)}</div>` : ''}</td></tr>`;
  });
  const options = (values: readonly string[]): string => values.map((value) => `<option value="${e(value)}">${e(value)}</option>`).join('');
  return `<h2>Requirements</h2><div class="filters"><label>search <input id="filter-text" type="search" placeholder="id, title or reason"></label><label>disposition <select id="filter-disposition"><option value="">all</option>${options(FILTER_DISPOSITIONS)}</select></label><label>area <select id="filter-area"><option value="">all</option>${options(areas)}</select></label><span id="filter-count" class="muted"></span></div><table id="requirements"><thead><tr><th>requirement</th><th>level</th><th>area</th><th>disposition</th><th>time</th><th>title and reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function timings(report: ComplianceReport): string {
  const slowest = [...report.results]
    .filter((result) => result.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, SLOWEST);
  if (slowest.length === 0) return '';
  const rows = slowest.map((result) => `<tr><td><code>${e(result.requirementId)}</code></td><td class="num">${result.durationMs} ms</td></tr>`).join('');
  return `<h2>Timings</h2><p>The run took ${e(seconds(report.durationMs))}. Slowest checks:</p><table id="timings"><thead><tr><th>requirement</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function capabilities(report: ComplianceReport): string {
  if (!report.capabilities) return '<h2>Engine capabilities</h2><p class="muted">No discovery document was read.</p>';
  return `<h2>Engine capabilities</h2><details id="capabilities"><summary>Discovery document (GetCapabilities), sha256 ${e(report.capabilitiesSha256 ?? '')}</summary><pre>${e(JSON.stringify(report.capabilities, null, 2))}</pre></details>`;
}

/**
 * report.html: one self-contained page (inline style and script, no network, a CSP that allows
 * only our own script): verdict, profiles, failures expanded, a filterable requirement table,
 * the engine's capabilities and timings.
 */
export function renderHtmlReport(report: ComplianceReport): string {
  const scriptHash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const problems = problemsInReadingOrder(report);
  const causes =
    report.incompleteCauses && report.incompleteCauses.length > 0
      ? `<h2>What the engine must provide</h2><ul>${report.incompleteCauses.map((cause) => `<li>${e(cause)}</li>`).join('')}</ul>`
      : '';
  const failures =
    problems.length > 0 && !report.connectionError
      ? `<h2>${e(problemsHeading(report))} (${problems.length})</h2>${problems.map((result) => problemBlock(report, result)).join('')}`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>openwop conformance: ${e(report.verdict)} — ${e(engineLabel(report))}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>openwop conformance report</h1>
<p class="verdict verdict-${e(report.verdict)}" id="verdict">${e(report.verdict.toUpperCase())}: ${e(report.verdictReason)}</p>
${facts(report)}
${causes}
${profilesSection(evaluateProfiles(report), report)}
${failures}
${requirementTable(report)}
${coverageHtml(report)}
${capabilities(report)}
${timings(report)}
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
