import type { Column, Drill, TableRow } from '../api/dashboard-api-schema.js';
import { formatCell } from '../api/format-cell.js';
import { h } from './dom.js';

const numeric = new Set(['usd', 'tokens', 'count', 'percent', 'ms']);

/**
 * The numbers behind a chart as a real table (the chart's long text alternative). Every number is
 * a button that opens the ledger rows it was computed from; buttons, not clickable cells, so the
 * keyboard and screen readers reach them.
 */
export function renderTable(caption: string, columns: readonly Column[], rows: readonly TableRow[], onDrill: (drill: Drill, label: string, opener: HTMLElement) => void): HTMLTableElement {
  const head = h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: numeric.has(column.format) ? 'num' : undefined }, column.label))));
  const body = h(
    'tbody',
    {},
    rows.map((row) => {
      const label = columns
        .filter((column) => !numeric.has(column.format))
        .map((column) => formatCell(row.cells[column.key], column.format))
        .join(' · ');
      return h(
        'tr',
        {},
        columns.map((column, index) => {
          const value = row.cells[column.key];
          const text = formatCell(value, column.format);
          if (!numeric.has(column.format) || value === null || value === undefined) {
            return index === 0 ? h('th', { scope: 'row' }, text) : h('td', {}, text);
          }
          const button = h('button', { type: 'button', class: 'number', 'aria-describedby': 'drill-hint', title: `${column.label}: show the ledger rows behind it` }, text);
          button.addEventListener('click', () => onDrill(row.drill, `${caption}: ${label} — ${column.label} ${text}`, button));
          return h('td', { class: 'num' }, button);
        }),
      );
    }),
  );
  return h('table', {}, h('caption', {}, caption), head, body);
}
