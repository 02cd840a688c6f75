import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../test/helpers/make-review-rows.js';
import { reviewConfigSchema } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
let ledger: Ledger;

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  // A week on one provisioned unit of 10,000 tokens a minute, at 2,000 tokens a minute every hour: 20% all the time.
  const rows = Array.from({ length: 7 * 24 }, (_, hour) =>
    makePricedRow(catalog, { requestId: `pt-${hour}`, usageStart: minutesAfter('2026-07-06T00:00:00.000Z', hour * 60 + 30), task: 'scoring', modelId: haiku, mode: 'provisioned', inputTokens: 100_000, outputTokens: 20_000, promptBlocks: [], cachePoints: 0 }),
  );
  await ledger.insertRows(rows);
});
afterAll(async () => {
  await ledger.close();
});

describe('provisioned throughput', () => {
  it('says switch to on-demand at 20% sustained utilisation, saving the units\' cost minus the same tokens on-demand', async () => {
    const config = reviewConfigSchema.parse({ provisioned: [{ model: haiku, units: 1, term: '1m', hourlyRate: 20, tokensPerMinutePerUnit: 10_000 }] });
    const report = await runReview({ ledger, catalog, config, ledgerArgument: 'test.duckdb' });
    const lever = report.levers.find((item) => item.lever === 'provisioned');
    const finding = lever?.findings[0];
    expect(finding?.title).toBe('Switch Claude 3 Haiku from 1 provisioned unit to on-demand');
    // 168 hours × $20 held; on-demand the same tokens cost 168 × (100k × $0.25 + 20k × $1.25) / 1M = $8.40.
    expect(finding?.affectedSpend).toBeCloseTo(3360, 6);
    expect(finding?.saving).toBeCloseTo(3360 - 8.4, 6);
    expect(finding?.evidence.facts.find((fact) => fact.label === 'utilisation')?.value).toBe('sustained (time-weighted median) 20.0%, p90 20.0%, peak 20.0%');
    expect(finding?.evidence.facts.find((fact) => fact.label === 'recommendation')?.value).toMatch(/below 50\.0%.*Use on-demand/);
    expect(finding?.confidence).toBe('high');
    // The units' cost is spend the call rows do not show; the plan adds it.
    expect(report.spend.provisioned).toBeCloseTo(3360, 6);
    expect(report.plan.before).toBeCloseTo(report.spend.total + 3360, 6);
    expect(report.plan.steps.at(-1)).toMatchObject({ lever: 'provisioned', findings: 1 });
  });

  it('asks for the units when provisioned traffic is in the ledger but not in frugal.yaml', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const lever = report.levers.find((item) => item.lever === 'provisioned');
    expect(lever?.findings).toEqual([]);
    expect(lever?.notes).toEqual(['168 calls of scoring ran on provisioned Claude 3 Haiku: add its units and term under review.provisioned in frugal.yaml to check their utilisation.']);
  });
});
