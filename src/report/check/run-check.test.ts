import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../../test/helpers/make-review-rows.js';
import { alarmsConfigSchema, budgetSchema, reviewConfigSchema } from '../../config/index.js';
import type { UsageRow } from '../../core/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { runCheck } from './run-check.js';

const catalog = createPricingCatalog();
const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
const dayMs = 86_400_000;
let ledger: Ledger;

/** Five weeks, Monday 2026-06-08 to Sunday 2026-07-12; the last week changes as the alarms below expect. */
beforeAll(async () => {
  ledger = await openLedger(':memory:');
  const rows: UsageRow[] = [];
  for (let day = 0; day < 35; day += 1) {
    const date = new Date(Date.parse('2026-06-08T00:00:00Z') + day * dayMs).toISOString().slice(0, 10);
    const lastWeek = day >= 28;
    // Triage caches its system prompt: 94 of 100 calls read it, then 61 of 100 in the last week (a prompt change broke the prefix).
    for (let call = 0; call < 100; call += 1) {
      const reads = call < (lastWeek ? 61 : 94);
      rows.push(makePricedRow(catalog, { requestId: `triage-${day}-${call}`, usageStart: minutesAfter(`${date}T08:00:00.000Z`, call * 5), task: 'triage', team: 'support', cachePoints: 1, inputTokens: 100, cacheReadTokens: reads ? 2000 : 0, cacheWrite5mTokens: reads ? 0 : 2000, cacheHit: reads, outputTokens: 20, promptBlocks: [] }));
    }
    // Summaries cost four times as much a call in the last week (replies grew).
    for (let call = 0; call < 20; call += 1) {
      rows.push(makePricedRow(catalog, { requestId: `sum-${day}-${call}`, usageStart: minutesAfter(`${date}T10:00:00.000Z`, call * 13), task: 'summarise', team: 'content', inputTokens: 1000, outputTokens: lastWeek ? 800 : 200, promptBlocks: [], cachePoints: 0 }));
    }
    // One provisioned unit at 20% all day.
    for (let hour = 0; hour < 24; hour += 1) {
      rows.push(makePricedRow(catalog, { requestId: `pt-${day}-${hour}`, usageStart: minutesAfter(`${date}T00:00:00.000Z`, hour * 60 + 10), task: 'scoring', modelId: haiku, mode: 'provisioned', inputTokens: 100_000, outputTokens: 20_000, promptBlocks: [], cachePoints: 0 }));
    }
  }
  // A backfill on the last day: a spike in the day's cost.
  for (let call = 0; call < 500; call += 1) {
    rows.push(makePricedRow(catalog, { requestId: `backfill-${call}`, usageStart: minutesAfter('2026-07-12T01:00:00.000Z', call), task: 'backfill', team: 'data', inputTokens: 3000, outputTokens: 500, promptBlocks: [], cachePoints: 0 }));
  }
  await ledger.insertRows(rows);
});
afterAll(async () => {
  await ledger.close();
});

const quiet = { budgets: [], alarms: alarmsConfigSchema.parse({}), review: reviewConfigSchema.parse({}) };

describe('runCheck', () => {
  it('fires the budget, anomaly and drift alarms, each with the ledger rows behind it', async () => {
    const config = {
      budgets: [budgetSchema.parse({ team: 'support', monthly: 1 }), budgetSchema.parse({ name: 'summaries', task: 'summarise', monthly: 1000 })],
      alarms: alarmsConfigSchema.parse({ tier1Share: { target: 0.5 } }),
      review: reviewConfigSchema.parse({ provisioned: [{ model: haiku, units: 1, term: '1m', hourlyRate: 20, tokensPerMinutePerUnit: 10_000 }] }),
    };
    const result = await runCheck({ ledger, catalog, config, asOf: '2026-07-12' });
    expect(result.fired).toBe(true);
    // The lost cache raises triage's cost per call too: two cost-per-task alarms.
    expect(result.alarms.map((alarm) => alarm.id).sort()).toEqual(['anomaly:2026-07-12', 'budget:0', 'cache-hit-rate:triage:anthropic.claude-sonnet-4-20250514-v1:0', 'cost-per-task:summarise', 'cost-per-task:triage', `provisioned-utilization:${haiku}`, 'tier1-share']);
    const byKind = new Map(result.alarms.map((alarm) => [alarm.kind, alarm]));
    expect(byKind.get('budget')?.message).toMatch(/^Budget "team support" is over: \$[\d.]+ spent in 2026-07 against \$1\.00/);
    expect(result.budgets.map((budget) => [budget.name, budget.status])).toEqual([['team support', 'breached'], ['summaries', 'ok']]);
    expect(byKind.get('anomaly')?.message).toMatch(/^Daily cost spike on 2026-07-12 \(Sunday\)/);
    expect(byKind.get('cache-hit-rate')?.message).toMatch(/^Cache hit rate of triage on anthropic\.claude-sonnet-4-20250514-v1:0 fell from 94% to 61% \(last 7 days vs the 21 before\)/);
    expect(result.alarms.find((alarm) => alarm.id === 'cost-per-task:summarise')?.message).toMatch(/^Cost per call of summarise rose \d+%/);
    expect(byKind.get('tier1-share')).toMatchObject({ threshold: 0.5 });
    expect(byKind.get('tier1-share')?.value).toBeCloseTo(24 / (24 + 100 + 20 + 500 / 7), 2);
    expect(byKind.get('provisioned-utilization')?.message).toMatch(/ran at 20% sustained utilisation over the last 28 days, below 50%/);
    // Each alarm points at the rows it measured.
    const evidence = byKind.get('cache-hit-rate')?.filter;
    expect(evidence).toMatchObject({ since: '2026-07-06T00:00:00.000Z', until: '2026-07-13T00:00:00.000Z', tasks: ['triage'] });
    const rows = await ledger.query.aggregate({ filter: { since: evidence?.since, until: evidence?.until, tasks: evidence?.tasks, sources: ['invocation-log'] } });
    expect(rows[0]?.cacheHitRows).toBe(61 * 7);
    expect(result.drift.cacheHitRate).toEqual([{ task: 'triage', modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', baseline: 0.94, recent: 0.61, baselineRequests: 2100, recentRequests: 700 }]);
    expect(result.forecast).toMatchObject({ month: '2026-07', asOf: '2026-07-12', remainingDays: 19 });
  });

  it('is quiet on the same ledger before the changes, with nothing configured', async () => {
    const result = await runCheck({ ledger, catalog, config: quiet, asOf: '2026-07-04' });
    expect(result.alarms).toEqual([]);
    expect(result.fired).toBe(false);
    expect(result.daily.filter((day) => day.anomaly !== null)).toEqual([]);
  });

  it('warns (without firing) when the forecast, not the spend so far, passes a budget', async () => {
    const [day] = await ledger.query.aggregate({ filter: { since: '2026-07-01T00:00:00Z', until: '2026-07-02T00:00:00Z', sources: ['invocation-log'], teams: ['content'] } });
    // Four days of summaries spent, a month of them forecast: a budget between the two.
    const budget = (day?.cost ?? 0) * 10;
    const result = await runCheck({ ledger, catalog, config: { ...quiet, budgets: [budgetSchema.parse({ team: 'content', monthly: budget })] }, asOf: '2026-07-04' });
    expect(result.alarms.map((alarm) => [alarm.kind, alarm.severity])).toEqual([['budget', 'warning']]);
    expect(result.alarms[0]?.message).toMatch(/^Budget "team content" is at risk: .* expected by month end \(80% interval/);
    expect(result.fired).toBe(false);
  });
});
