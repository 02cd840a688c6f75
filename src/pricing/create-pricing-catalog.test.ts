import { describe, expect, it } from 'vitest';
import { smallCatalog } from '../../test/fixtures/small-catalog.js';
import { createPricingCatalog, parseCatalog, priceUsage } from './index.js';

const base = parseCatalog(smallCatalog());
const sonnet = 'anthropic.claude-test-sonnet-20250101-v1:0';

describe('createPricingCatalog overrides', () => {
  it('replaces given buckets of a price, keeps the rest, and reports the override', () => {
    const catalog = createPricingCatalog(base, {
      prices: [{ model: `us.${sonnet}`, regions: ['us-west-2'], input: 2.97, source: 'EDP contract 2026' }],
    });
    const cost = priceUsage({ model: sonnet, region: 'us-west-2', inputTokens: 1_000_000, outputTokens: 1_000_000 }, catalog);
    expect(cost.total).toBe(2.97 + 16.5);
    expect(cost.price).toMatchObject({ overridden: true, source: 'EDP contract 2026' });
    expect(cost.priceVersion).toMatch(/^test-1\+override\.[0-9a-f]{8}$/);
    // The other Region keeps the catalog price and is not marked.
    const east = priceUsage({ model: sonnet, region: 'us-east-1', inputTokens: 1_000_000, time: '2025-06-01T00:00:00Z' }, catalog);
    expect(east).toMatchObject({ total: 3.3, price: { overridden: false } });
  });

  it('applies a percentage discount to matching models only', () => {
    const catalog = createPricingCatalog(base, { discounts: [{ percent: 10, publisher: 'anthropic', source: 'private pricing' }] });
    expect(priceUsage({ model: `global.${sonnet}`, region: 'us-east-1', inputTokens: 1_000_000, time: '2025-06-01T00:00:00Z' }, catalog)).toMatchObject({
      total: 2.7,
      price: { overridden: true },
    });
    expect(priceUsage({ model: 'amazon.test-micro-v1:0', region: 'us-east-1', inputTokens: 1_000_000 }, catalog)).toMatchObject({ total: 0.04, price: { overridden: false } });
  });

  it('adds models and aliases for opaque ARNs', () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/team-a';
    const catalog = createPricingCatalog(base, {
      models: [
        {
          id: 'custom.house-model-v1',
          provider: 'bedrock',
          publisher: 'house',
          name: 'House model',
          family: 'house',
          tier: 1,
          caching: { supported: false, source: 'ours' },
          batch: { supported: false, source: 'ours' },
          prices: [{ regions: ['*'], input: 1, output: 2, effectiveDate: '2026-01-01', source: 'internal chargeback' }],
        },
      ],
      modelAliases: { [arn]: `${sonnet}` },
    });
    expect(priceUsage({ model: 'custom.house-model-v1', inputTokens: 1_000_000 }, catalog)).toMatchObject({ total: 1, price: { overridden: true } });
    expect(priceUsage({ model: arn, inputTokens: 1_000_000, time: '2025-06-01T00:00:00Z' }, catalog)).toMatchObject({ total: 3.3, price: { region: 'us-east-1' } });
  });

  it('says what is wrong with overrides that do not apply', () => {
    expect(() => createPricingCatalog(base, { prices: [{ model: 'anthropic.claude-nope', input: 1 }] })).toThrow(/Unknown model id "anthropic.claude-nope"/);
    expect(() => createPricingCatalog(base, { prices: [{ model: sonnet, regions: ['ap-southeast-2'], input: 1 }] })).toThrow(/give both input and output/);
    expect(() => createPricingCatalog(base, { discounts: [{ percent: 140 }] })).toThrow(/discounts.0.percent/);
    expect(() => createPricingCatalog(base, { modelAliases: { x: 'nope' } })).toThrow(/points at unknown model "nope"/);
  });
});

describe('parseCatalog', () => {
  it('names the model and field of a schema problem', () => {
    const bad = smallCatalog();
    (bad.models[0] as { prices: unknown[] }).prices.push({ regions: ['us-east-1'], input: -1, output: 1, effectiveDate: '2025-01-01', source: 'x' });
    expect(() => parseCatalog(bad)).toThrow(/models\.\[anthropic\.claude-test-sonnet-20250101-v1:0\]\.prices\.5\.input/);
  });

  it('rejects cache prices on a model that does not cache, and batch rows without batch support', () => {
    const bad = smallCatalog();
    const micro = bad.models[1] as { caching: unknown; batch: unknown };
    micro.caching = { supported: false, source: 'x' };
    expect(() => parseCatalog(bad)).toThrow(/cache prices on a model whose caching.supported is false/);
    const noBatch = smallCatalog();
    (noBatch.models[0] as { batch: unknown }).batch = { supported: false, source: 'x' };
    expect(() => parseCatalog(noBatch)).toThrow(/batch.supported is false but the model has batch price rows/);
  });

  it('rejects duplicate ids and duplicate price rows', () => {
    const bad = smallCatalog();
    const duplicate = bad.models[2];
    if (duplicate) bad.models.push({ ...duplicate, aliases: [] });
    expect(() => parseCatalog(bad)).toThrow(/gpt-test: the id appears twice/);
  });
});
