import type { AlarmsInsight } from '../api/dashboard-insights-schema.js';
import { evidenceDrill } from '../api/evidence-drill.js';
import { formatCell } from '../api/format-cell.js';
import { fill, h } from './dom.js';
import type { DrillHandler } from './render-panel.js';

const usd = (value: number): string => formatCell(value, 'usd');
const percent = (value: number): string => formatCell(value, 'percent');
const dayMs = 86_400_000;

/** `frugal check` on this ledger: the forecast to month end, the alarms (each with its rows), budgets and drift. */
export function renderAlarms(target: HTMLElement, insight: AlarmsInsight, onDrill: DrillHandler): void {
  target.setAttribute('aria-busy', String(insight.state === 'running'));
  target.dataset.state = insight.state;
  if (insight.state === 'running') return fill(target, h('p', {}, `Running frugal check on this ledger (started ${insight.startedAt.slice(11, 19)} UTC)…`));
  if (insight.state !== 'ready') return fill(target, h('p', { class: insight.state === 'failed' ? 'error' : 'empty' }, insight.message));
  const result = insight.result;
  const { forecast } = result;
  const button = (text: string, drill: Parameters<DrillHandler>[0], label: string): HTMLButtonElement => {
    const element = h('button', { type: 'button', class: 'secondary', 'aria-describedby': 'drill-hint' }, text);
    element.addEventListener('click', () => onDrill(drill, label, element));
    return element;
  };
  const monthDrill = evidenceDrill({ since: `${forecast.month}-01T00:00:00.000Z`, until: new Date(Date.parse(`${forecast.asOf}T00:00:00Z`) + dayMs).toISOString() });
  fill(
    target,
    h(
      'p',
      { class: 'plan-total' },
      h('strong', { 'data-forecast': 'month-end' }, forecast.remainingDays === 0 ? `${forecast.month}: ${usd(forecast.monthToDate)}, the month is complete` : `${forecast.month}: forecast ${usd(forecast.forecast)} by month end`),
      forecast.remainingDays === 0 ? '' : ` (${Math.round(forecast.interval * 100)}% interval ${usd(forecast.low)} to ${usd(forecast.high)}; ${usd(forecast.monthToDate)} to ${forecast.asOf}, ${forecast.remainingDays} day${forecast.remainingDays === 1 ? '' : 's'} left). `,
      button(`Show the month's rows`, monthDrill, `${forecast.month} to ${forecast.asOf}`),
    ),
    h('p', { class: 'method' }, `As of ${result.asOf}. Forecast: ${forecast.method}.`),
    result.alarms.length === 0
      ? h('p', { 'data-alarms': '0' }, 'No alarms.')
      : h(
          'ul',
          { class: 'alarms', 'data-alarms': String(result.alarms.length) },
          result.alarms.map((alarm) =>
            h(
              'li',
              { class: `alarm ${alarm.severity === 'alarm' ? '' : 'warn'}` },
              h('strong', {}, alarm.severity === 'alarm' ? 'Alarm' : 'Warning'),
              ` [${alarm.kind}] ${alarm.message} `,
              button('Show the rows behind it', evidenceDrill(alarm.filter), alarm.message),
            ),
          ),
        ),
    result.budgets.length === 0
      ? null
      : h(
          'table',
          {},
          h('caption', {}, 'Budgets this month'),
          h('thead', {}, h('tr', {}, ['Budget', 'Monthly', 'Month to date', 'Forecast', 'Status', ''].map((label) => h('th', { scope: 'col' }, label)))),
          h(
            'tbody',
            {},
            result.budgets.map((budget) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, budget.name),
                h('td', { class: 'num' }, usd(budget.monthly)),
                h('td', { class: 'num' }, usd(budget.monthToDate)),
                h('td', { class: 'num' }, `${usd(budget.forecast)} (${usd(budget.low)}–${usd(budget.high)})`),
                h('td', {}, budget.status),
                h('td', {}, button('Rows', evidenceDrill(budget.filter), `Budget ${budget.name}`)),
              ),
            ),
          ),
        ),
    result.drift.cacheHitRate.length + result.drift.costPerTask.length === 0
      ? null
      : h(
          'table',
          {},
          h('caption', {}, 'Drift: earlier weeks against the last days'),
          h('thead', {}, h('tr', {}, ['Measure', 'Before', 'Now'].map((label) => h('th', { scope: 'col' }, label)))),
          h(
            'tbody',
            {},
            result.drift.cacheHitRate.map((entry) => h('tr', {}, h('th', { scope: 'row' }, `Cache hit rate: ${entry.task} on ${entry.modelId}`), h('td', { class: 'num' }, percent(entry.baseline)), h('td', { class: 'num' }, percent(entry.recent)))),
            result.drift.costPerTask.map((entry) => h('tr', {}, h('th', { scope: 'row' }, `Cost per call: ${entry.task}`), h('td', { class: 'num' }, usd(entry.baseline)), h('td', { class: 'num' }, `${usd(entry.recent)} (${entry.change >= 0 ? '+' : ''}${percent(entry.change)})`))),
          ),
        ),
    result.notes.length === 0 ? null : h('ul', { class: 'notes' }, result.notes.map((note) => h('li', {}, note))),
  );
}
