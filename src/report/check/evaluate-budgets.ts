import type { Budget } from '../../config/index.js';
import { normalizeModelId, type UsageSource } from '../../core/index.js';
import type { Ledger, RowFilter } from '../../ledger/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { Alarm, CheckResult } from './check-result-schema.js';
import { forecastMonthEnd } from './forecast-month-end.js';

const dayMs = 86_400_000;
const usd = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * Each budget against its month: spend so far (an alarm once it is over) and the month-end
 * forecast of the same scope with its interval (a warning when the forecast passes `warnAt` of
 * the budget). One daily query per budget, five weeks back, for the forecast's weekday pattern.
 */
export async function evaluateBudgets(ledger: Ledger, budgets: readonly Budget[], options: { sources: readonly UsageSource[]; asOf: string; catalog: PricingCatalog; interval: number }): Promise<{ budgets: CheckResult['budgets']; alarms: Alarm[]; notes: string[] }> {
  const results: CheckResult['budgets'] = [];
  const alarms: Alarm[] = [];
  const notes: string[] = [];
  const until = new Date(Date.parse(`${options.asOf}T00:00:00Z`) + dayMs).toISOString();
  const since = new Date(Date.parse(until) - 40 * dayMs).toISOString();
  for (const [index, budget] of budgets.entries()) {
    const scope: Record<string, string> = {};
    const filter: RowFilter & { since: string; until: string } = { since, until, sources: options.sources };
    if (budget.team !== undefined) {
      scope.team = budget.team;
      filter.teams = [budget.team];
    }
    if (budget.task !== undefined) {
      scope.task = budget.task;
      filter.tasks = [budget.task];
    }
    if (budget.model !== undefined) {
      const resolved = normalizeModelId(budget.model, options.catalog.registry);
      if (!resolved.ok) {
        notes.push(`budgets[${index}]: ${resolved.error.message}`);
        continue;
      }
      scope.model = resolved.model.id;
      filter.modelIds = [resolved.model.id];
    }
    const name = budget.name ?? (Object.keys(scope).length === 0 ? 'all spend' : Object.entries(scope).map(([key, value]) => `${key} ${value}`).join(', '));
    const days = await ledger.query.aggregate({ filter, grain: 'day', orderBy: 'period' });
    const forecast = forecastMonthEnd(days.map((row) => ({ day: row.period ?? '', cost: row.cost })), options.asOf, { interval: options.interval });
    const monthFilter = { ...filter, since: `${forecast.month}-01T00:00:00.000Z` };
    const status = forecast.monthToDate > budget.monthly ? 'breached' : forecast.forecast > budget.monthly * budget.warnAt ? 'at-risk' : 'ok';
    const evidence = { since: monthFilter.since, until, sources: [...options.sources], ...(filter.teams !== undefined && { teams: [...filter.teams] }), ...(filter.tasks !== undefined && { tasks: [...filter.tasks] }), ...(filter.modelIds !== undefined && { modelIds: [...filter.modelIds] }) };
    results.push({ name, scope, monthly: budget.monthly, monthToDate: forecast.monthToDate, forecast: forecast.forecast, low: forecast.low, high: forecast.high, status, filter: evidence });
    if (status === 'ok') continue;
    alarms.push({
      id: `budget:${index}`,
      kind: 'budget',
      severity: status === 'breached' ? 'alarm' : 'warning',
      message:
        status === 'breached'
          ? `Budget "${name}" is over: ${usd(forecast.monthToDate)} spent in ${forecast.month} against ${usd(budget.monthly)}; heading for ${usd(forecast.forecast)}.`
          : `Budget "${name}" is at risk: ${usd(forecast.monthToDate)} spent so far, ${usd(forecast.forecast)} expected by month end (${Math.round(forecast.interval * 100)}% interval ${usd(forecast.low)} to ${usd(forecast.high)}) against ${usd(budget.monthly)}.`,
      value: status === 'breached' ? forecast.monthToDate : forecast.forecast,
      threshold: status === 'breached' ? budget.monthly : budget.monthly * budget.warnAt,
      filter: evidence,
    });
  }
  return { budgets: results, alarms, notes };
}
