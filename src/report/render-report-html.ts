import type { ReportTable } from './build-report-tables.js';
import { escapeHtml, renderHtmlFigure, renderHtmlPage, renderHtmlTable } from './render-html-page.js';
import type { SpendReport } from './spend-report-schema.js';

const viewTitles = { spend: 'Spend', models: 'Models', tokens: 'Tokens', hourly: 'Hourly', tasks: 'Tasks' } as const;

/** report.html: each view's charts (inline SVG) and tables, in one self-contained file. */
export function renderReportHtml(report: SpendReport, tables: readonly ReportTable[], charts: readonly { view: string; title: string; svg: string }[]): string {
  const body = [
    '<h1>frugal report</h1>',
    `<p class="note">Ledger <code>${escapeHtml(report.ledger)}</code>; figures from ${report.basis.kind === 'calls' ? 'the model calls' : 'the bill (CUR/FOCUS)'}; generated ${escapeHtml(report.generatedAt)}.</p>`,
    ...report.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
  ];
  for (const view of Object.keys(viewTitles) as (keyof typeof viewTitles)[]) {
    const viewTables = tables.filter((table) => table.view === view);
    const viewCharts = charts.filter((chart) => chart.view === view);
    if (viewTables.length === 0 && viewCharts.length === 0) continue;
    body.push(`<h2>${viewTitles[view]}</h2>`, `<div class="charts">${viewCharts.map((chart) => renderHtmlFigure(chart.title, chart.svg)).join('\n')}</div>`);
    for (const table of viewTables) body.push(`<h3>${escapeHtml(table.title)}</h3>`, renderHtmlTable(table));
  }
  return renderHtmlPage({ title: `frugal report${report.sample === null ? '' : ' (sample data)'}`, ...(report.sample !== null && { banner: report.sample }), body: body.join('\n') });
}
