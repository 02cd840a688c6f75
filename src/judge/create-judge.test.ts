import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../core/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { assertOneJudge, findJudgeCandidateOverlap } from './assert-one-judge.js';
import { computeKrippendorffAlpha } from './compute-krippendorff-alpha.js';
import { createJudge } from './create-judge.js';
import { metricCriterion, rubricCriterion } from './judge-criterion.js';
import { createStubProvider, textReply, toolReply } from './testing/create-stub-provider.js';

const pricing = createPricingCatalog();
const judgeModel = 'us.amazon.nova-pro-v1:0';
const input = { prompt: 'Classify: "I was charged twice"', response: 'billing', reference: 'billing' };

describe('createJudge against a stub provider', () => {
  it('asks for the verdict through tool use, validates it and prices the call', async () => {
    const provider = createStubProvider(() => toolReply({ pass: true, score: 0.9, reason: 'Right label.' }));
    const judge = createJudge({ provider, models: [judgeModel], pricing, region: 'us-east-1' });
    const outcome = await judge.evaluate({ ...input, criteria: [metricCriterion('correctness', 0.7)] });
    expect(outcome.results[0]).toMatchObject({ criterion: 'correctness', score: 0.9, quality: 0.9, pass: true, error: null });
    const sent = provider.requests[0];
    expect(sent?.toolChoice).toEqual({ tool: 'record_verdict' });
    expect(sent?.inferenceConfig).toMatchObject({ temperature: 0 });
    expect(JSON.stringify(sent?.messages)).toContain('<reference>');
    // Nova Pro on-demand in us-east-1: 100 × $0.8/M + 20 × $3.2/M.
    expect(outcome.cost).toBeCloseTo(0.000144, 12);
  });

  it('leaves the reference out for metrics that do not use one', async () => {
    const provider = createStubProvider(() => toolReply({ pass: true, score: 1, reason: 'Polite.' }));
    await createJudge({ provider, models: [judgeModel], pricing, region: 'us-east-1' }).evaluate({ ...input, criteria: [metricCriterion('professional-style-and-tone')] });
    expect(JSON.stringify(provider.requests[0]?.messages)).not.toContain('<reference>');
  });

  it('turns a failed call or an unreadable reply into a judge error, never a low score', async () => {
    const failing = createStubProvider(() => ({ error: new ThrottledError('Too many requests', { provider: 'stub', modelId: judgeModel }) }));
    const failed = await createJudge({ provider: failing, models: [judgeModel], pricing, region: 'us-east-1' }).evaluate({ ...input, criteria: [metricCriterion('correctness')] });
    expect(failed.results[0]).toMatchObject({ score: null, quality: null, pass: null, error: expect.stringMatching(/call failed: .*Too many requests/) });
    expect(failed.cost).toBe(0);

    const rambling = createStubProvider(() => textReply('Looks right to me, 9/10.'));
    const unreadable = await createJudge({ provider: rambling, models: [judgeModel], pricing, region: 'us-east-1' }).evaluate({ ...input, criteria: [rubricCriterion('tone', 'Is polite')] });
    expect(unreadable.results[0]).toMatchObject({ score: null, pass: null, error: expect.stringMatching(/no JSON verdict/) });
    // The unreadable reply was still billed.
    expect(unreadable.cost).toBeGreaterThan(0);
  });

  it('pools a panel with repeats by majority and mean, and keeps every vote for agreement', async () => {
    const scores: Record<string, number[]> = { 'judge-a': [1, 1], 'judge-b': [0, 1] };
    const seen: Record<string, number> = {};
    const provider = createStubProvider((request) => {
      const index = seen[request.modelId] ?? 0;
      seen[request.modelId] = index + 1;
      const score = scores[request.modelId]?.[index] ?? 0;
      return textReply(JSON.stringify({ pass: score >= 0.5, score, reason: 'x' }));
    });
    const judge = createJudge({ provider, models: ['judge-a', 'judge-b'], repeats: 2, pricing, region: 'us-east-1' });
    const outcome = await judge.evaluate({ ...input, criteria: [metricCriterion('correctness')] });
    expect(provider.requests).toHaveLength(4);
    expect(outcome.results[0]).toMatchObject({ quality: 0.75, pass: true });
    expect(outcome.results[0]?.votes.map((vote) => `${vote.judge}#${vote.repeat}:${vote.verdict?.score}`).sort()).toEqual(['judge-a#0:1', 'judge-a#1:1', 'judge-b#0:0', 'judge-b#1:1']);
    // Unknown models are not priced: the cost is unknown, not 0.
    expect(outcome.cost).toBeNull();
  });

  it('sends the expected verdict as an emulator answer key only when the caller knows the truth', async () => {
    const provider = createStubProvider(() => textReply('{"pass":true,"score":1,"reason":"ok"}'));
    const judge = createJudge({ provider, models: [judgeModel], pricing, region: 'us-east-1' });
    await judge.evaluate({ ...input, criteria: [metricCriterion('harmfulness')], truth: () => true });
    const metadata = provider.requests[0]?.requestMetadata;
    expect(metadata?.['frugal_task']).toBe('judge');
    // Harmless is a pass with score 0 for a lower-is-better metric.
    expect(JSON.parse(metadata?.['frugal_expected'] ?? '{}')).toMatchObject({ pass: true, score: 0 });
    expect(metadata?.['frugal_choices']?.split('|')).toHaveLength(2);
    await judge.evaluate({ ...input, criteria: [metricCriterion('correctness')] });
    expect(provider.requests[1]?.requestMetadata).toBeUndefined();
  });
});

describe('computeKrippendorffAlpha', () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders × 12 units example.
  const coders = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const units = coders[0]?.map((_, unit) => coders.map((coder) => coder[unit] ?? null)) ?? [];

  it('matches the published values (nominal 0.743, interval 0.849)', () => {
    expect(computeKrippendorffAlpha(units, 'nominal')).toBeCloseTo(0.743, 3);
    expect(computeKrippendorffAlpha(units, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('is 1 for perfect agreement and null when nothing varies or nothing pairs', () => {
    expect(computeKrippendorffAlpha([[1, 1], [0, 0], [1, 1]], 'nominal')).toBe(1);
    expect(computeKrippendorffAlpha([[1, 1], [1, 1]], 'nominal')).toBeNull();
    expect(computeKrippendorffAlpha([[1, null], [0]], 'interval')).toBeNull();
  });
});

describe('one judge per comparison', () => {
  it('refuses to mix judges and accepts the same panel in any order', () => {
    expect(() => assertOneJudge([{ source: 'suite', judges: ['a', 'b'] }, { source: 'results file', judges: ['b', 'a'] }])).not.toThrow();
    expect(() => assertOneJudge([{ source: 'suite', judges: ['a'] }, { source: 'results file', judges: ['c'] }])).toThrow(/Refusing to mix judges.*suite uses a but results file uses c/);
  });

  it('warns when the judge is also a candidate', () => {
    expect(findJudgeCandidateOverlap(['us.amazon.nova-pro-v1:0'], ['amazon.nova-pro-v1:0'], (id) => id.replace(/^us\./, ''))).toEqual([expect.stringMatching(/also a candidate/)]);
    expect(findJudgeCandidateOverlap(['x'], ['y'])).toEqual([]);
  });
});
