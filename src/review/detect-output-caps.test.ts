import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../test/helpers/make-review-rows.js';
import { reviewConfigSchema } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
let ledger: Ledger;

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  // 101 uncapped summaries of 10 to 1,010 output tokens (p95 = 960), and the same outputs on a task that caps them.
  const rows = Array.from({ length: 101 }, (_, index) => [
    makePricedRow(catalog, { requestId: `sum-${index}`, usageStart: minutesAfter('2026-07-06T09:00:00.000Z', index), task: 'summarise', maxTokens: null, inputTokens: 200, outputTokens: 10 * (index + 1), promptBlocks: [], cachePoints: 0, responsePreview: 'The customer asks about a refund.' }),
    makePricedRow(catalog, { requestId: `capped-${index}`, usageStart: minutesAfter('2026-07-06T09:00:00.000Z', index), task: 'capped', maxTokens: 2000, inputTokens: 200, outputTokens: 10 * (index + 1), promptBlocks: [], cachePoints: 0 }),
  ]).flat();
  await ledger.insertRows(rows);
});
afterAll(async () => {
  await ledger.close();
});

describe('output caps and verbosity', () => {
  it('prices a cap at the task\'s p95 on its uncapped calls: the output tokens past it, at the output price', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const caps = report.levers.find((lever) => lever.lever === 'caps');
    expect(caps?.findings.map((finding) => finding.evidence.tasks)).toEqual([['summarise']]);
    const finding = caps?.findings[0];
    // Replies of 970, 980, 990, 1,000 and 1,010 tokens run 10 + 20 + 30 + 40 + 50 = 150 past 960, at $15 per million.
    expect(finding?.saving).toBeCloseTo((150 * 15) / 1e6, 9);
    expect(finding?.title).toBe('Cap summarise\'s output at 960 tokens (its p95) on Claude Sonnet 4');
    expect(finding?.evidence.facts).toEqual([
      { label: 'uncapped calls', value: '101 of 101 calls with a logged request set no maxTokens' },
      { label: 'output p95', value: '960 tokens; 5 uncapped replies ran past it by 150 tokens in all, costing $0.00' },
      { label: 'verbosity', value: '2.55 output tokens per input token' },
    ]);
    // The examples are the longest replies.
    expect(finding?.evidence.exampleRequestIds).toEqual(['sum-100', 'sum-99', 'sum-98', 'sum-97', 'sum-96']);
    expect(finding?.confidence).toBe('medium');
  });

  it('uses the quantile frugal.yaml sets', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({ caps: { quantile: 0.5 } }), ledgerArgument: 'test.duckdb' });
    const finding = report.levers.find((lever) => lever.lever === 'caps')?.findings[0];
    expect(finding?.title).toBe('Cap summarise\'s output at 510 tokens (its p50) on Claude Sonnet 4');
    // 50 replies of 520 to 1,010 tokens: 10 + 20 + ... + 500 = 12,750 tokens past the cap.
    expect(finding?.saving).toBeCloseTo((12_750 * 15) / 1e6, 9);
  });
});
