// The interop matrix: engine × events mode × requirement → disposition, built only from the
// report.json each suite run wrote (verdicts are never re-derived here). Pure functions.

/** The part of a report.json the matrix reads. Dispositions stay strings: a newer suite may add one. */
export interface ReportResultLike {
  requirementId: string;
  title: string;
  level: string;
  area: string;
  disposition: string;
  reason: string | null;
}

export interface ReportLike {
  verdict: string;
  verdictReason?: string;
  durationMs?: number;
  suite?: { version?: string };
  results: ReportResultLike[];
}

/** One suite run: which engine, which events mode (`sse` or `poll`), and what it reported. */
export interface MatrixRun {
  engine: string;
  mode: string;
  report?: ReportLike;
  /** Why there is no report (the engine did not start, the suite wrote nothing). */
  failure?: string;
}

export interface MatrixCell {
  disposition: string;
  reason: string | null;
}

export interface MatrixColumn {
  key: string;
  engine: string;
  mode: string;
  verdict: string;
  durationMs: number | null;
  counts: Record<string, number>;
  failure?: string;
}

export interface MatrixRow {
  requirementId: string;
  title: string;
  level: string;
  area: string;
  cells: Record<string, MatrixCell | undefined>;
}

export interface InteropMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

export const COUNTED_DISPOSITIONS = ['pass', 'fail', 'blocked', 'inapplicable', 'skipped'] as const;

export function columnKey(engine: string, mode: string): string {
  return `${engine}/${mode}`;
}

/** Rows keep the first report's requirement order; requirements only a later report has are appended. */
export function buildMatrix(runs: readonly MatrixRun[]): InteropMatrix {
  const rows = new Map<string, MatrixRow>();
  const columns: MatrixColumn[] = [];
  for (const run of runs) {
    const key = columnKey(run.engine, run.mode);
    const counts: Record<string, number> = {};
    for (const result of run.report?.results ?? []) {
      counts[result.disposition] = (counts[result.disposition] ?? 0) + 1;
      let row = rows.get(result.requirementId);
      if (row === undefined) {
        row = { requirementId: result.requirementId, title: result.title, level: result.level, area: result.area, cells: {} };
        rows.set(result.requirementId, row);
      }
      row.cells[key] = { disposition: result.disposition, reason: result.reason };
    }
    const column: MatrixColumn = {
      key,
      engine: run.engine,
      mode: run.mode,
      verdict: run.report?.verdict ?? 'no report',
      durationMs: run.report?.durationMs ?? null,
      counts,
    };
    if (run.failure !== undefined) column.failure = run.failure;
    columns.push(column);
  }
  return { columns, rows: [...rows.values()] };
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function otherCount(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([disposition]) => !(COUNTED_DISPOSITIONS as readonly string[]).includes(disposition))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function summaryLines(matrix: InteropMatrix): string[] {
  const lines = [
    '| engine | events | verdict | pass | fail | blocked | inapplicable | skipped | other | duration |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of matrix.columns) {
    const n = (d: string): number => c.counts[d] ?? 0;
    const duration = c.durationMs === null ? '–' : `${(c.durationMs / 1000).toFixed(1)} s`;
    const verdict = c.failure === undefined ? c.verdict : `${c.verdict}: ${escapeCell(c.failure)}`;
    lines.push(
      `| ${c.engine} | ${c.mode} | ${verdict} | ${n('pass')} | ${n('fail')} | ${n('blocked')} | ${n('inapplicable')} | ${n('skipped')} | ${otherCount(c.counts)} | ${duration} |`,
    );
  }
  return lines;
}

/** Markdown: the per-run summary, then every requirement that is not a pass everywhere. */
export function renderMarkdown(matrix: InteropMatrix, notes: readonly string[] = []): string {
  const out = ['# Interop matrix', '', ...notes, ...(notes.length > 0 ? [''] : []), '## Summary', '', ...summaryLines(matrix), ''];
  const header = ['requirement', 'level', ...matrix.columns.map((c) => c.key)];
  out.push('## Requirements that are not a pass everywhere', '');
  out.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  const allPass = (row: MatrixRow): boolean => matrix.columns.every((c) => row.cells[c.key]?.disposition === 'pass');
  let passEverywhere = 0;
  for (const row of matrix.rows) {
    if (allPass(row)) {
      passEverywhere += 1;
      continue;
    }
    const cells = matrix.columns.map((c) => row.cells[c.key]?.disposition ?? '–');
    out.push(`| \`${row.requirementId}\` | ${row.level} | ${cells.join(' | ')} |`);
  }
  out.push('', `${passEverywhere} requirement(s) pass on every run and are not listed. Reasons are in matrix.html and matrix.json.`, '');
  return out.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** HTML: every requirement, each cell coloured by disposition with the suite's reason as its tooltip. */
export function renderHtml(matrix: InteropMatrix, notes: readonly string[] = []): string {
  const head = matrix.columns.map((c) => `<th>${escapeHtml(c.engine)}<br>${escapeHtml(c.mode)}</th>`).join('');
  const summary = matrix.columns
    .map((c) => {
      const counts = COUNTED_DISPOSITIONS.map((d) => `${d} ${c.counts[d] ?? 0}`).join(', ');
      const failure = c.failure === undefined ? '' : ` — ${escapeHtml(c.failure)}`;
      return `<li><b>${escapeHtml(c.key)}</b>: ${escapeHtml(c.verdict)} (${counts}, other ${otherCount(c.counts)})${failure}</li>`;
    })
    .join('\n');
  const body = matrix.rows
    .map((row) => {
      const cells = matrix.columns
        .map((c) => {
          const cell = row.cells[c.key];
          if (cell === undefined) return '<td class="none">–</td>';
          const tip = cell.reason === null ? '' : ` title="${escapeHtml(cell.reason)}"`;
          return `<td class="${escapeHtml(cell.disposition)}"${tip}>${escapeHtml(cell.disposition)}</td>`;
        })
        .join('');
      return `<tr><td><code>${escapeHtml(row.requirementId)}</code></td><td>${escapeHtml(row.level)}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Interop matrix</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.45rem; text-align: left; }
td.pass { background: #d9f2d9; } td.fail { background: #f7c6c6; } td.blocked { background: #fde7b0; }
td.inapplicable, td.skipped { background: #eee; color: #555; } td.error { background: #e0c6f7; }
</style></head><body>
<h1>Interop matrix</h1>
${notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
<ul>
${summary}
</ul>
<p>Hover a cell for the suite's reason.</p>
<table><thead><tr><th>requirement</th><th>level</th>${head}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}
