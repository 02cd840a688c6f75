import { type ChartSpec, buildBarChartSpec, buildLineChartSpec } from '../charts/index.js';
import type { ReportView, SpendReport } from './spend-report-schema.js';

export interface ReportChart {
  view: ReportView;
  /** File name stem, stable for the dashboard. */
  name: string;
  title: string;
  spec: ChartSpec;
}

const usd = { unit: 'USD', format: '$,.2f' } as const;
const day = (since: string, until: string): string => `${since.slice(0, 10)} to ${until.slice(0, 10)}`;

/**
 * The report's charts as Vega-Lite specs built from the report JSON alone (the dashboard builds
 * the same charts from the same JSON): spend per month by provider, cost by bucket per model
 * (cached vs uncached), daily cost by model family, tokens by model and bucket, hourly tokens by
 * provider, and daily cost per task.
 */
export function buildReportCharts(report: SpendReport): ReportChart[] {
  const charts: ReportChart[] = [];
  const { spend, models, tokens, hourly, tasks } = report.views;
  if (spend !== undefined && spend.months.length > 0) {
    charts.push({
      view: 'spend',
      name: 'spend-by-provider-month',
      title: 'Spend by provider per month',
      spec: buildBarChartSpec({ title: 'Spend by provider per month', subtitle: day(spend.period.since, spend.period.until), categoryTitle: 'month', value: { title: 'Spend', ...usd }, bars: spend.months.map((row) => ({ category: row.month, group: row.provider, value: row.cost })) }),
    });
  }
  if (spend !== undefined && spend.byModel.length > 0) {
    charts.push({
      view: 'spend',
      name: 'cached-vs-uncached',
      title: 'Cached vs uncached spend by model',
      spec: buildBarChartSpec({
        title: 'Cached vs uncached spend by model',
        subtitle: 'cost by token bucket',
        categoryTitle: 'model',
        value: { title: 'Spend', ...usd },
        bars: spend.byModel.flatMap((row) => [
          { category: row.modelId, group: '1 uncached input', value: row.uncachedInput },
          { category: row.modelId, group: '2 cache read', value: row.cacheRead },
          { category: row.modelId, group: '3 cache write', value: row.cacheWrite },
          { category: row.modelId, group: '4 output', value: row.output },
        ]),
      }),
    });
  }
  if (models !== undefined && models.days.length > 0) {
    charts.push({
      view: 'models',
      name: 'cost-by-family-day',
      title: 'Cost by model family per day',
      spec: buildLineChartSpec({ title: 'Cost by model family per day', subtitle: day(models.period.since, models.period.until), x: { title: 'Day', unit: 'UTC', time: true }, y: { title: 'Cost', ...usd }, points: models.days.map((row) => ({ x: row.day, y: row.cost, series: row.modelFamily ?? 'unknown' })) }),
    });
  }
  if (tokens !== undefined && tokens.models.length > 0) {
    charts.push({
      view: 'tokens',
      name: 'tokens-by-model-bucket',
      title: 'Tokens by model and bucket',
      spec: buildBarChartSpec({
        title: 'Tokens by model and bucket',
        subtitle: day(tokens.period.since, tokens.period.until),
        categoryTitle: 'model',
        value: { title: 'Tokens', unit: 'tokens', format: '~s' },
        bars: tokens.models.flatMap((row) => {
          const model = row.modelId ?? 'unknown model';
          return [
            { category: model, group: '1 uncached input', value: row.inputTokens },
            { category: model, group: '2 cache read', value: row.cacheReadTokens },
            { category: model, group: '3 cache write', value: row.cacheWrite5mTokens + row.cacheWrite1hTokens },
            { category: model, group: '4 output', value: row.outputTokens },
          ];
        }),
      }),
    });
  }
  if (hourly !== undefined && hourly.hours.length > 0) {
    charts.push({
      view: 'hourly',
      name: 'hourly-tokens-by-provider',
      title: 'Tokens per hour by provider',
      spec: buildLineChartSpec({
        title: 'Tokens per hour by provider',
        subtitle: day(hourly.period.since, hourly.period.until),
        x: { title: 'Hour', unit: 'UTC', time: true },
        y: { title: 'Tokens', unit: 'tokens per hour', format: '~s' },
        points: hourly.hours.map((row) => ({ x: row.hour, y: row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.outputTokens, series: row.provider })),
      }),
    });
  }
  if (tasks !== undefined && tasks.days.length > 0) {
    charts.push({
      view: 'tasks',
      name: 'cost-by-task-day',
      title: 'Cost per task per day',
      spec: buildLineChartSpec({ title: 'Cost per task per day', subtitle: day(tasks.period.since, tasks.period.until), x: { title: 'Day', unit: 'UTC', time: true }, y: { title: 'Cost', ...usd }, points: tasks.days.map((row) => ({ x: row.day, y: row.cost, series: row.task })) }),
    });
  }
  return charts;
}
