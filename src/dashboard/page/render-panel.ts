import type { Drill, Panel } from '../api/dashboard-api-schema.js';
import { fill, h } from './dom.js';
import { datumKeys, renderChart } from './render-chart.js';
import { renderTable } from './render-table.js';

export type DrillHandler = (drill: Drill, label: string, opener: HTMLElement) => void;

/**
 * One chart panel: title, the period it covers, the chart (role="img", labelled by its summary),
 * the summary as visible text, and the table in a disclosure. Returns a disposer for the chart.
 */
export async function renderPanel(target: HTMLElement, panel: Panel, onDrill: DrillHandler): Promise<() => void> {
  const titleId = `${panel.id}-title`;
  const summaryId = `${panel.id}-summary`;
  // Vega marks its own element as a graphics document; the role="img" wrapper with the summary as
  // its description is what assistive technology should announce.
  const canvas = h('div', { class: 'chart-canvas' });
  const chart = h('div', { class: 'chart', role: 'img', 'aria-labelledby': titleId, 'aria-describedby': summaryId }, canvas);
  const table = panel.rows.length === 0 ? null : renderTable(panel.title, panel.columns, panel.rows, onDrill);
  fill(
    target,
    h('h3', { id: titleId }, panel.title),
    h('p', { class: 'window' }, panel.window.label),
    panel.chart === null ? h('p', { class: 'empty' }, 'Nothing to draw for these filters.') : chart,
    h('p', { class: 'summary', id: summaryId }, panel.summary),
    table === null ? null : h('details', {}, h('summary', {}, `Table: the numbers behind the chart (${panel.rows.length.toLocaleString('en-US')} ${panel.rows.length === 1 ? 'row' : 'rows'})`), table),
    panel.notes.length === 0 ? null : h('ul', { class: 'notes' }, panel.notes.map((note) => h('li', {}, note))),
  );
  target.setAttribute('aria-busy', 'false');
  target.dataset.state = panel.rows.length === 0 ? 'empty' : 'ready';
  if (panel.chart === null || panel.chartKind === null) return () => undefined;
  const kind = panel.chartKind;
  const byKey = new Map(panel.rows.flatMap((row) => (row.chartKeys ?? []).map((key) => [key, row] as const)));
  return renderChart(canvas, panel.chart, (datum) => {
    const row = datumKeys(datum, kind).map((key) => byKey.get(key)).find((found) => found !== undefined);
    if (row !== undefined) onDrill(row.drill, `${panel.title}: ${Object.values(row.cells).filter((value) => typeof value === 'string').join(' · ')}`, chart);
  });
}

export function renderPanelError(target: HTMLElement, title: string, error: unknown): void {
  fill(target, h('h3', {}, title), h('p', { class: 'error', role: 'alert' }, `Could not load: ${error instanceof Error ? error.message : String(error)}`));
  target.setAttribute('aria-busy', 'false');
  target.dataset.state = 'error';
}
