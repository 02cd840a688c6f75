import type { UsageSource } from '../core/index.js';
import type { Ledger, RowFilter } from '../ledger/index.js';
import { readSampleLabel } from './read-sample-label.js';
import { resolveLedgerPeriod } from './resolve-ledger-period.js';
import { type ReportView, type SpendReport, reportViews, spendReportSchema } from './spend-report-schema.js';

/** Rows that are calls (what was used), and rows that are the bill (what was charged): the same spend, never added together. */
export const callSources: readonly UsageSource[] = ['invocation-log', 'gateway', 'otel', 'batch'];
export const billSources: readonly UsageSource[] = ['cur', 'focus'];

/** Each view's window when --since is not given, back from the end of the ledger's latest day. */
export const defaultViewWindows: Record<ReportView, string> = { spend: '365d', models: '14d', tokens: '30d', hourly: '48h', tasks: '30d' };

export interface BuildSpendReportOptions {
  views?: readonly ReportView[];
  /** One window for every view instead of each view's default. */
  since?: string;
  until?: string;
  now?: Date;
}

const perRequest = (cost: number, requests: number): number | null => (requests === 0 ? null : cost / requests);
const dayMs = 86_400_000;

/**
 * `frugal report`: the spend views of the ledger, each one grouped query in the database (the
 * ledger's own helpers), validated against `spendReportSchema`. Figures come from the calls, or
 * from the bill when the ledger holds only billing exports; never both added together.
 */
export async function buildSpendReport(ledger: Ledger, options: BuildSpendReportOptions = {}): Promise<SpendReport> {
  const views = options.views ?? reportViews;
  const bySource = await ledger.query.aggregate({ groupBy: ['source'] });
  const rowsOf = (sources: readonly UsageSource[]): number => bySource.filter((row) => sources.includes(row.group.source as UsageSource)).reduce((sum, row) => sum + row.rows, 0);
  const calls = rowsOf(callSources);
  const bill = rowsOf(billSources);
  const basis = calls > 0 || bill === 0 ? { kind: 'calls' as const, sources: [...callSources] } : { kind: 'bill' as const, sources: [...billSources] };
  const notes: string[] = [];
  if (calls > 0 && bill > 0) notes.push(`The ledger also holds ${bill.toLocaleString('en-US')} billing rows (CUR/FOCUS): the same spend from the bill's side, left out so nothing is counted twice.`);
  if (basis.kind === 'bill') notes.push('The ledger holds only billing rows, so the figures are the bill; tasks are unknown there (ingest invocation logs for them).');
  if (calls + bill === 0) notes.push('The ledger is empty: read usage into it with frugal ingest, or try frugal review --sample.');

  const window = async (view: ReportView): Promise<RowFilter & { since: string; until: string }> => {
    const period = await resolveLedgerPeriod(ledger, { since: options.since ?? defaultViewWindows[view], sources: basis.sources as UsageSource[], ...(options.until !== undefined && { until: options.until }), ...(options.now !== undefined && { now: options.now }) });
    return { since: period.since, until: period.until, sources: basis.sources as UsageSource[] };
  };
  const report: SpendReport = {
    kind: 'frugal-report',
    version: 1,
    generatedAt: (options.now ?? new Date()).toISOString(),
    sample: await readSampleLabel(ledger),
    ledger: ledger.location,
    basis,
    views: {},
    notes,
  };

  if (views.includes('spend')) {
    const filter = await window('spend');
    const models = await ledger.query.aggregate({ filter, groupBy: ['modelId', 'modelFamily'] });
    report.views.spend = {
      period: { since: filter.since, until: filter.until },
      months: await ledger.query.spendByProviderMonth(filter),
      byModel: models.map((row) => {
        const cached = row.cacheReadTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens;
        return {
          modelId: row.group.modelId === null || row.group.modelId === undefined ? 'unknown model' : String(row.group.modelId),
          modelFamily: row.group.modelFamily === null || row.group.modelFamily === undefined ? null : String(row.group.modelFamily),
          uncachedInput: row.costInput,
          cacheRead: row.costCacheRead,
          cacheWrite: row.costCacheWrite,
          output: row.costOutput,
          total: row.cost,
          cachedShareOfInput: cached + row.inputTokens === 0 ? 0 : cached / (cached + row.inputTokens),
        };
      }),
    };
  }
  if (views.includes('models')) {
    const filter = await window('models');
    report.views.models = { period: { since: filter.since, until: filter.until }, days: await ledger.query.costByModelFamilyDay(filter) };
  }
  if (views.includes('tokens')) {
    const filter = await window('tokens');
    report.views.tokens = { period: { since: filter.since, until: filter.until }, models: await ledger.query.tokensByModel(filter) };
  }
  if (views.includes('hourly')) {
    const filter = await window('hourly');
    report.views.hourly = { period: { since: filter.since, until: filter.until }, hours: await ledger.query.hourlyTokensByProvider(filter) };
  }
  if (views.includes('tasks')) {
    const filter = await window('tasks');
    const days = (await ledger.query.costByTask(filter, 'day')).map((row) => ({ day: row.period, task: row.task, cost: row.cost, requests: row.requests, costPerRequest: perRequest(row.cost, row.requests) }));
    const firstWeekEnd = new Date(Date.parse(filter.since) + 7 * dayMs).toISOString().slice(0, 10);
    const lastWeekStart = new Date(Date.parse(filter.until) - 7 * dayMs).toISOString().slice(0, 10);
    const totals = new Map<string, { task: string; cost: number; requests: number; first: [number, number]; last: [number, number] }>();
    for (const day of days) {
      const total = totals.get(day.task) ?? { task: day.task, cost: 0, requests: 0, first: [0, 0], last: [0, 0] };
      total.cost += day.cost;
      total.requests += day.requests;
      if (day.day < firstWeekEnd) total.first = [total.first[0] + day.cost, total.first[1] + day.requests];
      if (day.day >= lastWeekStart) total.last = [total.last[0] + day.cost, total.last[1] + day.requests];
      totals.set(day.task, total);
    }
    report.views.tasks = {
      period: { since: filter.since, until: filter.until },
      days,
      totals: [...totals.values()]
        .sort((left, right) => right.cost - left.cost)
        .map((total) => ({ task: total.task, cost: total.cost, requests: total.requests, costPerRequest: perRequest(total.cost, total.requests), firstWeekCostPerRequest: perRequest(...total.first), lastWeekCostPerRequest: perRequest(...total.last) })),
    };
  }
  return spendReportSchema.parse(report);
}
