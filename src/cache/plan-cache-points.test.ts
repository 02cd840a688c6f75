import { describe, expect, it } from 'vitest';
import { createRandom, poissonTimes, textOfTokens } from '../../test/helpers/generate-cache-traffic.js';
import { createPricingCatalog } from '../pricing/index.js';
import { createTraceRequest } from './create-trace-request.js';
import { estimateTokens } from './estimate-tokens.js';
import { planCachePoints } from './plan-cache-points.js';
import { readCachePrices } from './read-cache-prices.js';
import { readPromptLayout } from './read-prompt-layout.js';

const catalog = createPricingCatalog();
const sonnet37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const sonnet45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const rulesOf = (model: string) => {
  const rules = catalog.model(model)?.entry.caching;
  if (rules === undefined) throw new Error(`no ${model}`);
  return rules;
};

/** N requests sharing one system prompt, each with its own question, at Poisson times. */
function sharedSystemTraffic(count: number, meanGapMs: number, seed: number, systemTokens = 3000) {
  const random = createRandom(seed);
  const system = textOfTokens(systemTokens);
  return poissonTimes(count, meanGapMs, random).map((time, index) =>
    createTraceRequest(time, readPromptLayout({ system: [{ text: system }], messages: [{ role: 'user', content: [{ text: `Question ${index}: what does clause ${index} say?` }] }] }), sonnet37),
  );
}

describe('planCachePoints on generated traffic with known answers', () => {
  it('1,000 Poisson arrivals sharing a 3,000-token system prompt: hit rate 1 − e^(−TTL/mean gap)', () => {
    const meanGapMs = 4 * 60_000;
    const trace = sharedSystemTraffic(1000, meanGapMs, 11);
    const prices = readCachePrices(catalog, sonnet37, 'us-east-1').byTtl;
    const plan = planCachePoints(trace, { rules: rulesOf(sonnet37), prices, ttl: '5m' });

    expect(plan.verdict).toBe('cache');
    const best = plan.best;
    if (best === undefined) throw new Error('expected a plan');
    expect(best.anchors).toEqual([{ section: 'system', block: -1 }]);
    // Poisson gaps are exponential: P(gap < 5 min) = 1 − e^(−5/4); the first request always misses.
    const analytic = ((1000 - 1) / 1000) * (1 - Math.exp(-5 / 4));
    const standardError = Math.sqrt((analytic * (1 - analytic)) / 1000);
    expect(Math.abs(best.hitRate - analytic)).toBeLessThan(3 * standardError);

    // Every hit reads the whole prefix; every miss writes it.
    const prefix = estimateTokens(textOfTokens(3000));
    expect(best.cacheReadTokens).toBe(best.hitRequests * prefix);
    expect(best.cacheWriteTokens).toBe((1000 - best.hitRequests) * prefix);
    const expectedSaving = (best.hitRequests * prefix * (3 - 0.3) - (1000 - best.hitRequests) * prefix * (3.75 - 3)) / 1e6;
    expect(best.baselineCost - best.cachedCost).toBeCloseTo(expectedSaving, 9);
    expect(best.perAnchor[0]?.saving).toBeCloseTo(expectedSaving, 9);
  });

  it('says caching costs more when requests are too far apart (one per 30 minutes on average)', () => {
    const trace = sharedSystemTraffic(400, 30 * 60_000, 5);
    const plan = planCachePoints(trace, { rules: rulesOf(sonnet37), prices: readCachePrices(catalog, sonnet37, 'us-east-1').byTtl, ttl: '5m' });
    expect(plan.verdict).toBe('costs-more');
    expect(plan.reason).toMatch(/^only \d+\.\d% of requests would read the cache within the 5m TTL/);
    // Analytic: 1 − e^(−5/30) ≈ 15% hits; 0.15 × 0.9 saved < 0.85 × 0.25 extra.
    expect(plan.best?.hitRate).toBeGreaterThan(0.1);
    expect(plan.best?.hitRate).toBeLessThan(0.2);
    expect(plan.best?.cachedCost).toBeGreaterThan(plan.best?.baselineCost ?? Infinity);
  });

  it('with auto TTL picks 1 hour where the model offers it and the gaps exceed 5 minutes', () => {
    const random = createRandom(3);
    const system = textOfTokens(3000);
    const trace = poissonTimes(300, 12 * 60_000, random).map((time, index) =>
      createTraceRequest(time, readPromptLayout({ system: [{ text: system }], messages: [{ role: 'user', content: [{ text: `q${index}` }] }] }), sonnet45),
    );
    const plan = planCachePoints(trace, { rules: rulesOf(sonnet45), prices: readCachePrices(catalog, sonnet45, 'us-east-1').byTtl, ttl: 'auto' });
    expect(plan.verdict).toBe('cache');
    expect(plan.best?.ttl).toBe('1h');
    expect(plan.byTtl.map((simulation) => simulation.ttl).sort()).toEqual(['1h', '5m']);
    const analytic = 1 - Math.exp(-60 / 12);
    expect(plan.best?.hitRate).toBeGreaterThan(analytic - 0.05);
  });

  it('finds nothing to cache below the minimum, and refuses models without caching', () => {
    const trace = sharedSystemTraffic(50, 10_000, 1, 500);
    expect(planCachePoints(trace, { rules: rulesOf(sonnet37), prices: readCachePrices(catalog, sonnet37, 'us-east-1').byTtl, ttl: '5m' }).verdict).toBe('no-shared-prefix');
    const haiku3 = 'anthropic.claude-3-haiku-20240307-v1:0';
    expect(planCachePoints(trace, { rules: rulesOf(haiku3), prices: {}, ttl: '5m' })).toMatchObject({ verdict: 'unsupported', reason: expect.stringMatching(/does not offer prompt caching/) });
  });

  it('places a second cache point after a shared document in the first user message', () => {
    // Two document sets, each shared by many questions: system (shared by all) then document then question.
    const random = createRandom(9);
    const system = textOfTokens(1500, 'rule');
    const documents = [textOfTokens(2500, 'alpha'), textOfTokens(2500, 'beta')];
    const trace = poissonTimes(600, 20_000, random).map((time, index) =>
      createTraceRequest(
        time,
        readPromptLayout({ system: [{ text: system }], messages: [{ role: 'user', content: [{ text: documents[index % 2] ?? '' }, { text: `question ${index}` }] }] }),
        sonnet37,
      ),
    );
    const plan = planCachePoints(trace, { rules: rulesOf(sonnet37), prices: readCachePrices(catalog, sonnet37, 'us-east-1').byTtl, ttl: '5m' });
    expect(plan.verdict).toBe('cache');
    const anchors = plan.best?.anchors.map((anchor) => JSON.stringify(anchor)).sort();
    expect(anchors).toEqual([JSON.stringify({ section: 'messages', message: -1, block: 0 }), JSON.stringify({ section: 'system', block: -1 })].sort());
  });
});
