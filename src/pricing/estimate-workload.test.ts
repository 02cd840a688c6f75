import { describe, expect, it } from 'vitest';
import { smallCatalog } from '../../test/fixtures/small-catalog.js';
import { createPricingCatalog, estimateWorkload, parseCatalog, type Scenario } from './index.js';

const shipped = createPricingCatalog();
const small = createPricingCatalog(parseCatalog(smallCatalog()));

const byName = (scenarios: Scenario[], name: string): Scenario => scenarios.find((scenario) => scenario.name === name) as Scenario;

describe('estimateWorkload on the shipped catalog (the playbook examples)', () => {
  it('batch example: 10,000 × 500 in / 200 out on Claude 3.5 Sonnet', () => {
    const { scenarios } = estimateWorkload(
      { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1', requests: 10_000, inputTokens: 500, outputTokens: 200 },
      shipped,
    );
    // The playbook prints $37.50 output and $52.50 total; 2M output tokens × $15/M is $30.00.
    expect(byName(scenarios, 'on-demand').cost).toMatchObject({ total: 45, byBucket: { input: 15, output: 30 } });
    expect(byName(scenarios, 'batch').cost).toMatchObject({ total: 22.5, byBucket: { input: 7.5, output: 15 } });
    expect(byName(scenarios, 'batch')).toMatchObject({ saving: 22.5, savingPercent: 0.5 });
  });

  it('caching example: 2,000-token system prompt × 10,000 requests/day on Sonnet at a 99% hit rate', () => {
    const { scenarios } = estimateWorkload(
      { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', region: 'us-east-1', requests: 10_000, inputTokens: 2_000, outputTokens: 0, cachedPrefixTokens: 2_000, cacheHitRate: 0.99 },
      shipped,
    );
    expect(byName(scenarios, 'on-demand').cost.total).toBe(60);
    const caching = byName(scenarios, 'caching');
    expect(caching.tokens).toMatchObject({ cacheReadTokens: 19_800_000, cacheWrite5mTokens: 200_000, inputTokens: 0 });
    expect(caching.cost).toMatchObject({ total: 6.69, byBucket: { cacheRead: 5.94, cacheWrite5m: 0.75 } });
    expect(caching.saving).toBe(53.31);
  });

  it('says Claude 3.5 Sonnet v1 cannot cache on Bedrock', () => {
    const { scenarios } = estimateWorkload(
      { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1', requests: 10, inputTokens: 2_000, outputTokens: 0, cachedPrefixTokens: 2_000, cacheHitRate: 0.9 },
      shipped,
    );
    expect(byName(scenarios, 'caching')).toMatchObject({ available: false, reason: expect.stringMatching(/does not offer prompt caching/) });
  });
});

describe('estimateWorkload rules', () => {
  const sonnet = 'global.anthropic.claude-test-sonnet-20250101-v1:0';

  it('does not cache a prefix below the model minimum', () => {
    const { scenarios } = estimateWorkload({ model: sonnet, region: 'us-west-2', requests: 100, inputTokens: 2_000, outputTokens: 10, cachedPrefixTokens: 1_000, cacheHitRate: 1 }, small);
    const caching = byName(scenarios, 'caching');
    expect(caching).toMatchObject({ available: false, saving: 0 });
    expect(caching.reason).toMatch(/below Test Sonnet's minimum of 1024 tokens/);
  });

  it('writes at the 1-hour price with --cache-ttl 1h, and refuses 1h where not offered', () => {
    const { scenarios } = estimateWorkload({ model: sonnet, region: 'us-west-2', requests: 1_000, inputTokens: 2_000, outputTokens: 0, cachedPrefixTokens: 2_000, cacheHitRate: 0.5, cacheTtl: '1h' }, small);
    // 500 misses × 2,000 × $6/M = $6; 500 hits × 2,000 × $0.30/M = $0.30.
    expect(byName(scenarios, 'caching').cost).toMatchObject({ total: 6.3, byBucket: { cacheWrite1h: 6, cacheRead: 0.3 } });
    const micro = estimateWorkload({ model: 'amazon.test-micro-v1:0', requests: 1, inputTokens: 2_000, outputTokens: 0, cachedPrefixTokens: 2_000, cacheHitRate: 1, cacheTtl: '1h' }, small);
    expect(byName(micro.scenarios, 'caching').reason).toMatch(/does not offer a 1h cache TTL/);
  });

  it('caps the cached prefix at the model maximum', () => {
    const { scenarios, warnings } = estimateWorkload({ model: 'amazon.test-micro-v1:0', requests: 10, inputTokens: 30_000, outputTokens: 0, cachedPrefixTokens: 30_000, cacheHitRate: 1 }, small);
    expect(byName(scenarios, 'caching').tokens).toMatchObject({ cacheReadTokens: 200_000, inputTokens: 100_000 });
    expect(warnings.join()).toMatch(/caches at most 20000 tokens/);
  });

  it('shows batch as unavailable where the model has no batch', () => {
    const { scenarios } = estimateWorkload({ model: 'amazon.test-micro-v1:0', requests: 10, inputTokens: 10, outputTokens: 10 }, small);
    expect(byName(scenarios, 'batch')).toMatchObject({ available: false, reason: expect.stringMatching(/does not offer batch/) });
  });

  it('rejects impossible workloads', () => {
    const base = { model: sonnet, requests: 10, inputTokens: 100, outputTokens: 10 };
    expect(() => estimateWorkload({ ...base, requests: -1 }, small)).toThrow(/--requests must be a whole number/);
    expect(() => estimateWorkload({ ...base, cachedPrefixTokens: 200, cacheHitRate: 0.5 }, small)).toThrow(/cannot exceed --input-tokens/);
    expect(() => estimateWorkload({ ...base, cachedPrefixTokens: 50, cacheHitRate: 1.5 }, small)).toThrow(/between 0 and 1/);
    expect(() => estimateWorkload({ ...base, cachedPrefixTokens: 50 }, small)).toThrow(/together/);
    expect(() => estimateWorkload({ ...base, model: 'claude-tset-sonnet' }, small)).toThrow(/Nearest known ids/);
  });
});
