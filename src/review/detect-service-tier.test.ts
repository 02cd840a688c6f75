import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter, sonnet4 } from '../../test/helpers/make-review-rows.js';
import { reviewConfigSchema } from '../config/index.js';
import type { UsageRow } from '../core/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
// The catalog has no flex price for Claude Sonnet 4; a negotiated one in frugal.yaml makes the tier available.
const withFlex = createPricingCatalog(defaultCatalog(), { prices: [{ model: sonnet4, regions: ['us-east-1'], mode: 'flex', input: 1.5, output: 7.5 }] });
let ledger: Ledger;
const tagging: UsageRow[] = [];

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  const rows: UsageRow[] = [];
  for (let index = 0; index < 100; index += 1) {
    const time = minutesAfter('2026-07-06T08:00:00.000Z', index * 11);
    tagging.push(makePricedRow(catalog, { requestId: `tag-${index}`, usageStart: time, task: 'product-descriptions', inputTokens: 1500, outputTokens: 400, maxTokens: 800, promptBlocks: [], cachePoints: 0, responsePreview: 'A sturdy steel bottle that keeps drinks cold for a day.' }));
    rows.push(makePricedRow(catalog, { requestId: `chat-${index}`, usageStart: time, task: 'chat', operation: 'ConverseStream', messageCount: 4, inputTokens: 1500, outputTokens: 400, maxTokens: 800, promptBlocks: [], cachePoints: 0 }));
  }
  await ledger.insertRows([...tagging, ...rows]);
});
afterAll(async () => {
  await ledger.close();
});

describe('service tier', () => {
  it('moves calls no one waits on to the flex tier where the model has a flex price', async () => {
    const report = await runReview({ ledger, catalog: withFlex, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const lever = report.levers.find((item) => item.lever === 'service-tier');
    expect(lever?.findings.map((finding) => finding.evidence.tasks)).toEqual([['product-descriptions']]);
    const today = tagging.reduce((sum, row) => sum + (row.cost ?? 0), 0);
    expect(lever?.findings[0]?.saving).toBeCloseTo(today / 2, 6);
    expect(lever?.findings[0]?.confidence).toBe('low');
  });

  it('says which models have no flex price', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const lever = report.levers.find((item) => item.lever === 'service-tier');
    expect(lever?.status).toBe('none');
    expect(lever?.notes[0]).toMatch(/^The catalog has no flex price for Claude Sonnet 4 \(it has one for o4-mini\)/);
  });
});
