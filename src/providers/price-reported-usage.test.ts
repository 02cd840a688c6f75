import { describe, expect, it } from 'vitest';
import { createPricingCatalog } from '../pricing/index.js';
import { createUnknownUsage } from './provider-response.js';
import { priceReportedUsage, usageModeForServiceTier } from './price-reported-usage.js';

const catalog = createPricingCatalog();
const model = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const context = { model, region: 'us-east-1' };

describe('priceReportedUsage', () => {
  it('should price fully reported usage like priceUsage', () => {
    // 1,000 input at $3/M + 2,000 read at $0.30/M + 100 output at $15/M = 0.003 + 0.0006 + 0.0015.
    const usage = { inputTokens: 1000, cacheReadTokens: 2000, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 100, raw: {} };
    const cost = priceReportedUsage(usage, context, catalog);
    expect(cost.total).toBe(0.0051);
    expect(cost.pricingStatus).toBe('priced');
  });

  it('should leave the total unknown when a bucket was not reported', () => {
    const usage = { inputTokens: 1000, cacheReadTokens: null, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 100, raw: {} };
    const cost = priceReportedUsage(usage, context, catalog);
    expect(cost).toMatchObject({ total: null, pricingStatus: 'partial', byBucket: { input: 0.003, cacheRead: null, output: 0.0015 } });
    expect(cost.warnings.at(-1)).toBe(`${model}: the provider did not report cacheRead tokens; total cost unknown.`);
  });

  it('should call usage with nothing reported unpriced, never $0', () => {
    const cost = priceReportedUsage(createUnknownUsage(), context, catalog);
    expect(cost).toMatchObject({ total: null, pricingStatus: 'unpriced' });
    expect(cost.byBucket).toMatchObject({ input: null, cacheRead: null, cacheWrite5m: null, cacheWrite1h: null, output: null });
  });

  it('should price the tier the service says it used', () => {
    expect([usageModeForServiceTier('flex'), usageModeForServiceTier('priority'), usageModeForServiceTier('default'), usageModeForServiceTier(null)]).toEqual([
      'flex',
      'priority',
      'on-demand',
      'on-demand',
    ]);
  });
});
