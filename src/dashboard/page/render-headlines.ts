import type { DashboardSummary } from '../api/dashboard-api-schema.js';
import { formatCell } from '../api/format-cell.js';
import { fill, h } from './dom.js';
import type { DrillHandler } from './render-panel.js';

/** The headline figures as buttons: each opens the ledger rows it sums. */
export function renderHeadlines(target: HTMLElement, summary: DashboardSummary, onDrill: DrillHandler): void {
  fill(
    target,
    h(
      'ul',
      { class: 'headlines' },
      summary.headlines.map((headline) => {
        const value = formatCell(headline.value, headline.format);
        const content = [h('span', { class: 'label' }, headline.label), h('span', { class: 'value', 'data-headline': headline.id }, value), h('span', { class: 'detail' }, headline.detail)];
        if (headline.drill === null) return h('li', {}, h('div', { class: 'headline' }, content));
        const drill = headline.drill;
        const button = h('button', { type: 'button', class: 'headline', 'aria-describedby': 'drill-hint' }, content);
        button.addEventListener('click', () => onDrill(drill, `${headline.label}: ${value} (${headline.detail})`, button));
        return h('li', {}, button);
      }),
    ),
    summary.notes.length === 0 ? null : h('ul', { class: 'notes' }, summary.notes.map((note) => h('li', {}, note))),
  );
  target.setAttribute('aria-busy', 'false');
}
