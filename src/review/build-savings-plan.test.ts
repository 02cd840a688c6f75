import { describe, expect, it } from 'vitest';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import { buildSavingsPlan } from './build-savings-plan.js';
import type { SliceState } from './lever-effect.js';
import type { ReviewSlice } from './load-review-slices.js';
import type { FindingDraft, LeverDraft } from './review-context.js';

const catalog = createPricingCatalog();
const sonnet = 'anthropic.claude-sonnet-4-20250514-v1:0';
const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
const tokens = { inputTokens: 10_000_000, outputTokens: 1_000_000 };
const price = (model: string, mode: 'on-demand' | 'batch'): number => priceUsage({ model, region: 'us-east-1', mode, ...tokens }, catalog).total as number;

const slice = { key: 'nightly', cost: price(sonnet, 'on-demand') } as ReviewSlice;
const state: SliceState = new Map([['nightly', { region: 'us-east-1', parts: [{ mode: 'on-demand', model: sonnet, requests: 1000, tokens: { input: tokens.inputTokens, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: tokens.outputTokens } }] }]]);
const finding = (lever: FindingDraft['lever'], effect: FindingDraft['effect']): FindingDraft => ({
  id: `${lever}:x`,
  lever,
  title: lever,
  action: 'do it',
  confidence: 'medium',
  confidenceReason: 'test',
  evidence: { tasks: [], models: [], callers: [], requests: 0, exampleRequestIds: [], filter: {}, facts: [] },
  warnings: [],
  effect,
  slices: [slice],
});
const draft = (lever: LeverDraft['lever'], findings: FindingDraft[]): LeverDraft => ({ lever, applicable: true, findings, notes: [], emptySummary: 'nothing' });

describe('buildSavingsPlan', () => {
  it('prices each lever on what the levers before it left, so no dollar is saved twice', () => {
    const onDemand = price(sonnet, 'on-demand');
    // Routing is listed first on purpose: the plan applies levers in its own order (batch first).
    const plan = buildSavingsPlan(
      [draft('routing', [finding('routing', { kind: 'route', sliceKeys: ['nightly'], toModel: haiku })]), draft('batch', [finding('batch', { kind: 'batch', sliceKeys: ['nightly'] })])],
      state,
      catalog,
      onDemand,
    );
    const batch = plan.levers.find((lever) => lever.lever === 'batch')?.findings[0];
    const routing = plan.levers.find((lever) => lever.lever === 'routing')?.findings[0];
    // Batch alone: half of the on-demand cost (Claude Sonnet 4's batch price is 50%).
    expect(batch?.saving).toBeCloseTo(onDemand / 2, 6);
    expect(batch?.plannedSaving).toBeCloseTo(onDemand / 2, 6);
    // Routing alone saves on-demand Sonnet minus on-demand Haiku; after batch only the batch-priced difference is left.
    expect(routing?.saving).toBeCloseTo(onDemand - price(haiku, 'on-demand'), 6);
    expect(routing?.plannedSaving).toBeCloseTo(price(sonnet, 'batch') - price(haiku, 'batch'), 6);
    expect(routing?.plannedSaving).toBeCloseTo((routing?.saving ?? 0) / 2, 6);
    // The plan adds planned savings, and each step starts where the last ended.
    expect(plan.saving).toBeCloseTo((batch?.plannedSaving ?? 0) + (routing?.plannedSaving ?? 0), 6);
    expect(plan.saving).toBeLessThan((batch?.saving ?? 0) + (routing?.saving ?? 0));
    expect(plan.after).toBeCloseTo(price(haiku, 'batch'), 6);
    expect(plan.steps.map((step) => step.lever)).toEqual(['batch', 'routing']);
    expect(plan.steps[1]?.before).toBeCloseTo(plan.steps[0]?.after ?? 0, 6);
    expect(plan.levers.find((lever) => lever.lever === 'batch')?.status).toBe('savings');
  });

  it('keeps findings that save nothing out of the plan and reports why the lever is empty', () => {
    const plan = buildSavingsPlan([draft('caps', [finding('caps', { kind: 'cap', outputTokens: { nightly: 0 } })])], state, catalog, 10);
    expect(plan.levers[0]).toMatchObject({ lever: 'caps', status: 'none', summary: 'nothing', findings: [] });
    expect(plan.saving).toBe(0);
  });

  it('caches only on-demand traffic, and folds cached input back into input on a model that cannot cache it', () => {
    const cached = buildSavingsPlan(
      [
        draft('batch', [finding('batch', { kind: 'batch', sliceKeys: ['nightly'] })]),
        draft('caching', [finding('caching', { kind: 'cache', shares: { nightly: { read: 0.8, write: 0.05, ttl: '5m', prefixTokens: 3000 } } })]),
      ],
      state,
      catalog,
      price(sonnet, 'on-demand'),
    );
    // Alone, caching saves; after batch moved everything, there is nothing on-demand left to cache.
    const caching = cached.levers.find((lever) => lever.lever === 'caching')?.findings[0];
    expect(caching?.saving).toBeGreaterThan(0);
    expect(caching?.plannedSaving).toBe(0);
  });
});
