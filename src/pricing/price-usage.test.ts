import { describe, expect, it } from 'vitest';
import { smallCatalog } from '../../test/fixtures/small-catalog.js';
import { createPricingCatalog, parseCatalog, priceUsage } from './index.js';

const catalog = createPricingCatalog(parseCatalog(smallCatalog()));
const sonnet = 'anthropic.claude-test-sonnet-20250101-v1:0';

describe('priceUsage', () => {
  it('prices every exclusive bucket exactly', () => {
    const cost = priceUsage(
      { model: `global.${sonnet}`, region: 'us-west-2', inputTokens: 1_000_000, cacheReadTokens: 2_000_000, cacheWrite5mTokens: 1_000_000, cacheWrite1hTokens: 500_000, outputTokens: 100_000 },
      catalog,
    );
    // 3 + 2×0.3 + 3.75 + 0.5×6 + 0.1×15 = 11.85
    expect(cost).toMatchObject({
      total: 11.85,
      byBucket: { input: 3, cacheRead: 0.6, cacheWrite5m: 3.75, cacheWrite1h: 3, output: 1.5 },
      pricingStatus: 'priced',
      priceVersion: 'test-1',
      warnings: [],
    });
    expect(cost.price).toMatchObject({ modelId: sonnet, region: 'us-west-2', scope: 'global', mode: 'on-demand', overridden: false });
  });

  it('charges the Regional premium to geo profiles and in-Region ids, not to global', () => {
    const at = (model: string) => priceUsage({ model, region: 'us-west-2', inputTokens: 1_000_000 }, catalog).total;
    expect(at(`global.${sonnet}`)).toBe(3);
    expect(at(`us.${sonnet}`)).toBe(3.3);
    expect(at(sonnet)).toBe(3.3);
  });

  it('uses the price in force at the time of the call', () => {
    const at = (time?: string) => priceUsage({ model: sonnet, region: 'us-east-1', inputTokens: 1_000_000, ...(time && { time }) }, catalog);
    expect(at('2026-05-31T23:59:59Z').total).toBe(3.3);
    expect(at('2026-06-01T00:00:00Z').total).toBe(2);
    expect(at().total).toBe(2);
    const early = at('2024-01-01T00:00:00Z');
    expect(early.total).toBe(3.3);
    expect(early.warnings.join()).toMatch(/predates every catalog price/);
  });

  it('gives consecutive calls that differ in one part (day, Region, model, mode, catalog) their own rate', () => {
    const base = { model: sonnet, region: 'us-east-1', inputTokens: 1_000_000, outputTokens: 1_000, time: '2026-06-01T10:00:00Z' };
    const discounted = createPricingCatalog(parseCatalog(smallCatalog()), { discounts: [{ percent: 50, publisher: 'anthropic', source: 'test' }] });
    const calls: [Parameters<typeof priceUsage>[0], 'shared' | 'discounted'][] = [
      [base, 'shared'],
      [{ ...base, time: '2026-05-31T10:00:00Z' }, 'shared'],
      [base, 'shared'],
      [{ ...base, region: 'us-west-2' }, 'shared'],
      [base, 'shared'],
      [{ ...base, model: `global.${sonnet}` }, 'shared'],
      [{ ...base, mode: 'batch' }, 'shared'],
      [base, 'discounted'],
      [base, 'shared'],
    ];
    // Each call priced alone, against a catalog no call before it used.
    const alone = calls.map(([usage, which]) => priceUsage(usage, which === 'shared' ? createPricingCatalog(parseCatalog(smallCatalog())) : createPricingCatalog(parseCatalog(smallCatalog()), { discounts: [{ percent: 50, publisher: 'anthropic', source: 'test' }] })).total);
    expect(new Set(alone).size).toBeGreaterThan(3);
    expect(calls.map(([usage, which]) => priceUsage(usage, which === 'shared' ? catalog : discounted).total)).toEqual(alone);
  });

  it('prices batch at the batch row and refuses cache tokens there', () => {
    expect(priceUsage({ model: sonnet, region: 'us-west-2', mode: 'batch', inputTokens: 1_000_000, outputTokens: 1_000_000 }, catalog).total).toBe(9.9);
    const cached = priceUsage({ model: sonnet, region: 'us-west-2', mode: 'batch', inputTokens: 1_000_000, cacheReadTokens: 10 }, catalog);
    expect(cached).toMatchObject({ total: null, pricingStatus: 'partial', byBucket: { input: 1.65, cacheRead: null } });
    expect(cached.warnings.join()).toMatch(/no cacheRead price for batch/);
  });

  it('returns null, never 0, for an unknown model, with a warning naming it', () => {
    const cost = priceUsage({ model: 'anthropic.claude-nope-v9:0', inputTokens: 10 }, catalog);
    expect(cost).toMatchObject({ total: null, pricingStatus: 'unpriced' });
    expect(cost.warnings[0]).toContain('anthropic.claude-nope-v9:0');
  });

  it('returns null for a Region or mode the catalog does not price', () => {
    const region = priceUsage({ model: 'amazon.test-micro-v1:0', region: 'ap-southeast-2', inputTokens: 10 }, catalog);
    expect(region.total).toBeNull();
    expect(region.warnings[0]).toMatch(/no on-demand price for ap-southeast-2; the catalog prices it in us-east-1/);
    const batch = priceUsage({ model: 'amazon.test-micro-v1:0', region: 'us-east-1', mode: 'batch', inputTokens: 10 }, catalog);
    expect(batch.warnings[0]).toMatch(/does not offer batch/);
  });

  it('marks a bucket the model does not sell as unpriced (partial)', () => {
    const cost = priceUsage({ model: 'amazon.test-micro-v1:0', region: 'us-east-1', inputTokens: 1_000_000, cacheWrite1hTokens: 5 }, catalog);
    expect(cost).toMatchObject({ total: null, pricingStatus: 'partial', byBucket: { input: 0.04, cacheWrite1h: null } });
  });

  it('assumes the default Region with a warning when none is given', () => {
    const cost = priceUsage({ model: sonnet, inputTokens: 1_000_000 }, catalog);
    expect(cost.price?.region).toBe('us-east-1');
    expect(cost.warnings[0]).toMatch(/No Region given/);
  });

  it('prices first-party models in any Region without a warning', () => {
    expect(priceUsage({ model: 'openai/gpt-test', inputTokens: 1_000_000, outputTokens: 1_000_000 }, catalog)).toMatchObject({ total: 12.5, warnings: [] });
  });

  it('bills Provisioned Throughput by model-unit hour, tokens at 0', () => {
    const cost = priceUsage({ model: sonnet, region: 'us-east-1', mode: 'provisioned', commitment: '1m', modelUnitHours: 730, inputTokens: 5_000_000 }, catalog);
    expect(cost).toMatchObject({ total: 36_500, byBucket: { input: 0, modelUnitHours: 36_500 }, pricingStatus: 'priced' });
    const noTerm = priceUsage({ model: sonnet, region: 'us-east-1', mode: 'provisioned', modelUnitHours: 1 }, catalog);
    expect(noTerm).toMatchObject({ total: null, pricingStatus: 'unpriced' });
  });

  it('rejects malformed usage with a clear message', () => {
    expect(() => priceUsage({ model: sonnet, inputTokens: -1 }, catalog)).toThrow(/Invalid usage record: inputTokens/);
  });
});
