import type { CoverageEntry, CoverageReport } from './rule-coverage.js';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function lineClass(entries: readonly CoverageEntry[]): string {
  if (entries.length === 0) return '';
  if (entries.some((e) => e.evaluations === 0)) return 'never';
  return entries.some((e) => e.true > 0) ? 'hit' : 'miss';
}

const counts = (e: CoverageEntry): string =>
  `${e.evaluations}× · true ${e.true} · false ${e.false} · error ${e.errors}` +
  (e.otherValues ? ` · other ${e.otherValues}` : '') +
  ` — ${e.text.length > 80 ? `${e.text.slice(0, 77)}…` : e.text}`;

/**
 * The readable form of the coverage report: the rules source line by line, each line coloured by
 * the expressions that start on it (red: never evaluated; amber: evaluated, never true; green:
 * true at least once) with their counts on hover and in the margin.
 */
export function coverageHtml(projectId: string, coverage: CoverageReport): string {
  const file = coverage.rules.files[0] ?? { content: '' };
  const byLine = new Map<number, CoverageEntry[]>();
  for (const e of coverage.report) {
    const list = byLine.get(e.line) ?? [];
    list.push(e);
    byLine.set(e.line, list);
  }
  const rows = file.content.split('\n').map((text, i) => {
    const entries = byLine.get(i + 1) ?? [];
    const title = entries.map(counts).join('\n');
    const first = entries[0];
    const margin = first ? `${first.evaluations}× (T${first.true}/F${first.false}/E${first.errors})` : '';
    return `<tr class="${lineClass(entries)}" title="${escape(title)}"><td class="n">${i + 1}</td><td class="m">${margin}</td><td><pre>${escape(text)}</pre></td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rule coverage — ${escape(projectId)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td{padding:0 .5rem;vertical-align:top}
pre{margin:0;font:13px ui-monospace,monospace}.n{color:#888;text-align:right}.m{color:#555;font-size:12px;white-space:nowrap}
.hit{background:#e6f4ea}.miss{background:#fef7e0}.never{background:#fce8e6}
</style></head><body>
<h1>Rule coverage for ${escape(projectId)}</h1>
<p>${escape(file.name ?? 'rules loaded through :securityRules')} · ${coverage.report.length} expressions
recorded · green: true at least once · amber: evaluated, never true · red: never evaluated. Hover a line for every
expression on it.</p>
<table>${rows.join('\n')}</table>
</body></html>
`;
}
