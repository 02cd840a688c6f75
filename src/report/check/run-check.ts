import type { FrugalConfig } from '../../config/index.js';
import type { Ledger } from '../../ledger/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import { billSources, callSources } from '../build-spend-report.js';
import { readSampleLabel } from '../read-sample-label.js';
import { type Alarm, type CheckResult, checkResultSchema } from './check-result-schema.js';
import { detectDailyAnomalies } from './detect-daily-anomalies.js';
import { detectDrift } from './detect-drift.js';
import { evaluateBudgets } from './evaluate-budgets.js';
import { forecastMonthEnd } from './forecast-month-end.js';

const dayMs = 86_400_000;
const usd = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export interface RunCheckOptions {
  ledger: Ledger;
  catalog: PricingCatalog;
  config: Pick<FrugalConfig, 'budgets' | 'alarms' | 'review'>;
  /** The last complete day (YYYY-MM-DD). Default: the day of the ledger's latest call, or the day before it when that is today (a day still running). */
  asOf?: string;
  now?: Date;
}

/**
 * `frugal check`: budgets, anomalies in daily cost (same-weekday median and MAD), the month-end
 * forecast with its interval, and drift alarms, for cron and CI. `fired` is true when an alarm
 * (not a warning) fired. Validated against `checkResultSchema` (the dashboard reads it).
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const { ledger, catalog, config } = options;
  const now = options.now ?? new Date();
  const bySource = await ledger.query.aggregate({ groupBy: ['source'] });
  const hasCalls = bySource.some((row) => callSources.includes(row.group.source as (typeof callSources)[number]));
  const sources = hasCalls || !bySource.some((row) => billSources.includes(row.group.source as (typeof billSources)[number])) ? callSources : billSources;
  const [total] = await ledger.query.aggregate({ filter: { sources } });
  const lastUsage = total?.lastUsage ?? null;
  const today = now.toISOString().slice(0, 10);
  const lastDay = lastUsage?.slice(0, 10) ?? today;
  const asOf = options.asOf ?? (lastDay === today ? new Date(Date.parse(`${today}T00:00:00Z`) - dayMs).toISOString().slice(0, 10) : lastDay);
  const until = new Date(Date.parse(`${asOf}T00:00:00Z`) + dayMs).toISOString();
  const notes: string[] = [];
  if (lastUsage === null) notes.push('The ledger has no calls: nothing to check yet.');
  if (sources === billSources) notes.push('The ledger holds only billing rows (CUR/FOCUS): checking the bill, which has no tasks.');

  // Daily cost: enough weeks back for the same-weekday baselines and the month so far.
  const { anomaly, forecast: forecastSettings } = config.alarms;
  const history = Math.max(anomaly.weeks * 7 + 35, 70);
  const daysRows = await ledger.query.aggregate({ filter: { sources, since: new Date(Date.parse(until) - history * dayMs).toISOString(), until }, grain: 'day', orderBy: 'period' });
  const series = daysRows.map((row) => ({ day: row.period ?? '', cost: row.cost }));
  const daily = detectDailyAnomalies(series, { threshold: anomaly.threshold, weeks: anomaly.weeks, minDeviation: anomaly.minDailyCost }).filter((day) => day.day <= asOf);
  const forecast = forecastMonthEnd(series, asOf, { interval: forecastSettings.interval, weeks: anomaly.weeks });
  const alarms: Alarm[] = [];
  const recentFrom = new Date(Date.parse(`${asOf}T00:00:00Z`) - (anomaly.recentDays - 1) * dayMs).toISOString().slice(0, 10);
  for (const day of daily.filter((item) => item.anomaly !== null && item.day >= recentFrom && item.cost + (item.expected ?? 0) >= anomaly.minDailyCost)) {
    alarms.push({
      id: `anomaly:${day.day}`,
      kind: 'anomaly',
      severity: 'alarm',
      message: `Daily cost ${day.anomaly === 'spike' ? 'spike' : 'drop'} on ${day.day} (${new Date(`${day.day}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })}): ${usd(day.cost)} against a usual ${usd(day.expected ?? 0)} for that weekday (robust z ${(day.score ?? 0).toFixed(1)}, threshold ${anomaly.threshold}).`,
      value: day.cost,
      threshold: day.expected ?? 0,
      filter: { since: `${day.day}T00:00:00.000Z`, until: new Date(Date.parse(`${day.day}T00:00:00Z`) + dayMs).toISOString(), sources: [...sources] },
    });
  }

  const budgets = await evaluateBudgets(ledger, config.budgets, { sources, asOf, catalog, interval: forecastSettings.interval });
  const drift = await detectDrift(ledger, { sources, until, alarms: config.alarms, provisioned: config.review.provisioned, catalog });
  alarms.push(...budgets.alarms, ...drift.alarms);
  notes.push(...budgets.notes, ...drift.notes);
  const result: CheckResult = {
    kind: 'frugal-check',
    version: 1,
    generatedAt: now.toISOString(),
    sample: await readSampleLabel(ledger),
    ledger: ledger.location,
    asOf,
    lastUsage,
    fired: alarms.some((alarm) => alarm.severity === 'alarm'),
    alarms,
    budgets: budgets.budgets,
    forecast,
    daily,
    drift: drift.drift,
    notes,
  };
  return checkResultSchema.parse(result);
}
