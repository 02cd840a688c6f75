import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../test/helpers/make-review-rows.js';
import { makeUsageRow } from '../../test/helpers/make-usage-row.js';
import { renderSvg } from '../charts/index.js';
import type { UsageRow } from '../core/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { buildReportCharts } from './build-report-charts.js';
import { buildReportTables } from './build-report-tables.js';
import { buildSpendReport } from './build-spend-report.js';
import { renderReportHtml } from './render-report-html.js';

const catalog = createPricingCatalog();
const dayMs = 86_400_000;
let ledger: Ledger;
const rows: UsageRow[] = [];

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  // 20 June to 19 July: Sonnet (half its input read from the cache) for triage, Nova Lite for tagging; tagging gets pricier per call in July.
  for (let day = 0; day < 30; day += 1) {
    const date = new Date(Date.parse('2026-06-20T00:00:00Z') + day * dayMs).toISOString().slice(0, 10);
    for (let call = 0; call < 4; call += 1) {
      rows.push(makePricedRow(catalog, { requestId: `t-${day}-${call}`, usageStart: minutesAfter(`${date}T09:00:00.000Z`, call * 90), task: 'triage', inputTokens: 1000, cacheReadTokens: 1000, outputTokens: 50, promptBlocks: [] }));
      rows.push(makePricedRow(catalog, { requestId: `g-${day}-${call}`, usageStart: minutesAfter(`${date}T10:00:00.000Z`, call * 90), task: 'tagging', modelId: 'amazon.nova-lite-v1:0', inputTokens: 500, outputTokens: date >= '2026-07-13' ? 400 : 100, promptBlocks: [] }));
    }
  }
  await ledger.insertRows(rows);
  // The bill for the same usage: left out of the figures, and said so.
  await ledger.insertRows([makeUsageRow({ source: 'cur', requestId: 'bill-1', usageStart: '2026-07-01T00:00:00.000Z', usageEnd: '2026-07-02T00:00:00.000Z', requestCount: null, cost: 99, billedCost: 99, costBasis: 'billed' })]);
});
afterAll(async () => {
  await ledger.close();
});

describe('frugal report', () => {
  it('builds every view from the calls (not the bill), in the ledger\'s own windows', async () => {
    const report = await buildSpendReport(ledger, { now: new Date('2026-11-28T00:00:00Z') });
    expect(report.basis.kind).toBe('calls');
    expect(report.notes[0]).toMatch(/also holds 1 billing rows \(CUR\/FOCUS\): the same spend from the bill's side, left out/);
    const cost = (filter: (row: UsageRow) => boolean): number => rows.filter(filter).reduce((sum, row) => sum + (row.cost ?? 0), 0);
    const { spend, models, tokens, hourly, tasks } = report.views;
    expect(spend?.months.map((row) => [row.month, row.provider, row.rows])).toEqual([['2026-06', 'bedrock', 88], ['2026-07', 'bedrock', 152]]);
    expect(spend?.months[1]?.cost).toBeCloseTo(cost((row) => row.usageStart >= '2026-07'), 9);
    const sonnet = spend?.byModel.find((row) => row.modelId.includes('sonnet'));
    expect(sonnet?.cachedShareOfInput).toBeCloseTo(0.5, 9);
    expect(sonnet?.cacheRead).toBeCloseTo(rows.filter((row) => row.task === 'triage').reduce((sum, row) => sum + (row.costByBucket.cacheRead ?? 0), 0), 9);
    expect(sonnet?.total).toBeCloseTo(cost((row) => row.task === 'triage'), 9);
    // 14 days of families, 30 of tokens, 2 of hours, ending with the ledger's latest day (19 July), not today.
    expect(models?.period).toEqual({ since: '2026-07-06T00:00:00.000Z', until: '2026-07-20T00:00:00.000Z' });
    expect(new Set(models?.days.map((row) => row.day)).size).toBe(14);
    expect(tokens?.models.find((row) => row.modelId === 'amazon.nova-lite-v1:0')?.inputTokens).toBe(500 * 4 * 30);
    expect(hourly?.period.since).toBe('2026-07-18T00:00:00.000Z');
    // Calls at 9:00-14:30 each day: six hours a day, two days.
    expect(hourly?.hours.length).toBe(12);
    const tagging = tasks?.totals.find((row) => row.task === 'tagging');
    expect((tagging?.lastWeekCostPerRequest ?? 0) / (tagging?.firstWeekCostPerRequest ?? 1)).toBeGreaterThan(1.5);
  });

  it('renders tables, SVG charts with units, and one self-contained HTML file', async () => {
    const report = await buildSpendReport(ledger, { views: ['spend', 'tasks'] });
    expect(Object.keys(report.views)).toEqual(['spend', 'tasks']);
    const tables = buildReportTables(report);
    expect(tables.map((table) => table.title)).toEqual(['Spend by provider per month (2025-07-20 to 2026-07-20)', 'Cached vs uncached spend by model', 'Cost per task (2026-06-20 to 2026-07-20): first week vs last week per call']);
    expect(tables[1]?.head).toEqual(['model', 'uncached input', 'cache read', 'cache write', 'output', 'total', 'input tokens cached']);
    const charts = await Promise.all(buildReportCharts(report).map(async (chart) => ({ ...chart, svg: await renderSvg(chart.spec) })));
    expect(charts.map((chart) => chart.name)).toEqual(['spend-by-provider-month', 'cached-vs-uncached', 'cost-by-task-day']);
    expect(charts[0]?.svg).toContain('Spend (USD)');
    expect(charts[2]?.svg).toContain('Day (UTC)');
    const html = renderReportHtml(report, tables, charts);
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
    expect(html).toContain('Cached vs uncached spend by model');
  });

  it('reads the bill when the ledger has no calls', async () => {
    const billOnly = await openLedger(':memory:');
    try {
      await billOnly.insertRows([makeUsageRow({ source: 'focus', requestId: 'line-1', usageStart: '2026-07-01T00:00:00.000Z', usageEnd: '2026-07-02T00:00:00.000Z', requestCount: null, cost: 12.5, billedCost: 12.5, costBasis: 'billed' })]);
      const report = await buildSpendReport(billOnly, { views: ['spend'] });
      expect(report.basis.kind).toBe('bill');
      expect(report.views.spend?.months).toEqual([{ month: '2026-07', provider: 'bedrock', cost: 12.5, unpricedRows: 0, rows: 1 }]);
    } finally {
      await billOnly.close();
    }
  });
});
