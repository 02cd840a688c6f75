import { formatUsd } from '../core/index.js';
import type { ReportView, SpendReport } from './spend-report-schema.js';

export interface ReportTable {
  view: ReportView;
  title: string;
  head: string[];
  rows: string[][];
  /** Columns of numbers (right-aligned). */
  numeric: number[];
}

const usd = (value: number): string => formatUsd(value, { cents: true });
const tokens = (value: number): string => Math.round(value).toLocaleString('en-US');
/** A cost per call is usually a fraction of a cent: significant digits, not cents. */
const perCall = (value: number | null): string => (value === null ? '-' : formatUsd(value, { precise: true }));
const range = (period: { since: string; until: string }): string => `${period.since.slice(0, 10)} to ${period.until.slice(0, 10)}`;

/** The report as tables (the terminal prints them, the HTML file renders them). */
export function buildReportTables(report: SpendReport): ReportTable[] {
  const tables: ReportTable[] = [];
  const { spend, models, tokens: tokenView, hourly, tasks } = report.views;
  if (spend !== undefined) {
    tables.push({ view: 'spend', title: `Spend by provider per month (${range(spend.period)})`, head: ['month', 'provider', 'cost', 'calls/rows', 'unpriced rows'], rows: spend.months.map((row) => [row.month, row.provider, usd(row.cost), tokens(row.rows), tokens(row.unpricedRows)]), numeric: [2, 3, 4] });
    tables.push({
      view: 'spend',
      title: 'Cached vs uncached spend by model',
      head: ['model', 'uncached input', 'cache read', 'cache write', 'output', 'total', 'input tokens cached'],
      rows: spend.byModel.map((row) => [row.modelId, usd(row.uncachedInput), usd(row.cacheRead), usd(row.cacheWrite), usd(row.output), usd(row.total), `${(row.cachedShareOfInput * 100).toFixed(1)}%`]),
      numeric: [1, 2, 3, 4, 5, 6],
    });
  }
  if (models !== undefined) {
    const families = [...new Set(models.days.map((row) => row.modelFamily ?? 'unknown'))];
    const days = [...new Set(models.days.map((row) => row.day))].sort();
    tables.push({
      view: 'models',
      title: `Cost by model family per day (${range(models.period)})`,
      head: ['day', ...families, 'total'],
      rows: days.map((day) => {
        const costs = families.map((family) => models.days.filter((row) => row.day === day && (row.modelFamily ?? 'unknown') === family).reduce((sum, row) => sum + row.cost, 0));
        return [day, ...costs.map(usd), usd(costs.reduce((sum, cost) => sum + cost, 0))];
      }),
      numeric: Array.from({ length: families.length + 1 }, (_, index) => index + 1),
    });
  }
  if (tokenView !== undefined) {
    tables.push({
      view: 'tokens',
      title: `Tokens by model and bucket (${range(tokenView.period)})`,
      head: ['model', 'uncached input', 'cache read', 'cache write', 'output', 'cost'],
      rows: tokenView.models.map((row) => [row.modelId ?? 'unknown model', tokens(row.inputTokens), tokens(row.cacheReadTokens), tokens(row.cacheWrite5mTokens + row.cacheWrite1hTokens), tokens(row.outputTokens), usd(row.cost)]),
      numeric: [1, 2, 3, 4, 5],
    });
  }
  if (hourly !== undefined) {
    tables.push({
      view: 'hourly',
      title: `Tokens per hour by provider (${range(hourly.period)})`,
      head: ['hour (UTC)', 'provider', 'uncached input', 'cache read', 'cache write', 'output', 'calls/rows'],
      rows: hourly.hours.map((row) => [row.hour.slice(0, 13).replace('T', ' '), row.provider, tokens(row.inputTokens), tokens(row.cacheReadTokens), tokens(row.cacheWriteTokens), tokens(row.outputTokens), tokens(row.rows)]),
      numeric: [2, 3, 4, 5, 6],
    });
  }
  if (tasks !== undefined) {
    tables.push({
      view: 'tasks',
      title: `Cost per task (${range(tasks.period)}): first week vs last week per call`,
      head: ['task', 'calls', 'cost', 'per call', 'first week per call', 'last week per call', 'change'],
      rows: tasks.totals.map((row) => {
        const change = row.firstWeekCostPerRequest === null || row.lastWeekCostPerRequest === null || row.firstWeekCostPerRequest === 0 ? '-' : `${((row.lastWeekCostPerRequest / row.firstWeekCostPerRequest - 1) * 100).toFixed(1)}%`;
        return [row.task, tokens(row.requests), usd(row.cost), perCall(row.costPerRequest), perCall(row.firstWeekCostPerRequest), perCall(row.lastWeekCostPerRequest), change];
      }),
      numeric: [1, 2, 3, 4, 5, 6],
    });
  }
  return tables;
}
