/**
 * The stylesheet and the one script of report.html, kept apart from the markup. The script is
 * allowed by its sha256 in the page's Content-Security-Policy, so nothing else can run in the
 * page, and the page loads nothing from the network.
 */

export const REPORT_CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --blocked: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.verdict { padding: .75rem 1rem; border-radius: 6px; color: #fff; font-weight: 600; }
.verdict-conformant { background: var(--pass); }
.verdict-non-conformant { background: var(--fail); }
.verdict-incomplete { background: #6e7781; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.d { display: inline-block; padding: 0 .45rem; border-radius: 1em; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.d-pass, .d-certified { background: var(--pass); }
.d-fail, .d-failed { background: var(--fail); }
.d-blocked, .d-baselined, .d-incomplete { background: var(--blocked); }
.d-error { background: var(--fail); outline: 2px dashed var(--blocked); }
.filters { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
.filters input { min-width: 18rem; padding: .3rem; }
details.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 4px; padding: .5rem .75rem; margin: .5rem 0; }
details.failure.blocked { border-left-color: var(--blocked); }
details.failure.error { border-left-color: var(--blocked); border-left-style: dashed; }
details.failure summary { cursor: pointer; font-weight: 600; }
.muted { color: var(--muted); }
`;

export const REPORT_SCRIPT = `(() => {
  const text = document.getElementById('filter-text');
  const disposition = document.getElementById('filter-disposition');
  const area = document.getElementById('filter-area');
  const count = document.getElementById('filter-count');
  const rows = Array.from(document.querySelectorAll('#requirements tbody tr'));
  const apply = () => {
    const needle = text.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const visible = (needle === '' || row.dataset.search.includes(needle))
        && (disposition.value === '' || row.dataset.disposition === disposition.value)
        && (area.value === '' || row.dataset.area === area.value);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown + ' of ' + rows.length + ' requirements shown';
  };
  text.addEventListener('input', apply);
  disposition.addEventListener('change', apply);
  area.addEventListener('change', apply);
  apply();
})();`;
