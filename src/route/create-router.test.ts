import { describe, expect, it } from 'vitest';
import { syntheticOutcomes } from '../../test/helpers/synthetic-route-outcomes.js';
import type { ModelRequest } from '../providers/index.js';
import { trainRouteClassifier } from './classifier/train-route-classifier.js';
import { createRouter } from './create-router.js';
import { createConversationPins } from './create-conversation-pins.js';
import { isPromptRouterArn } from './route-decision.js';
import type { RouteRule } from './rules/route-rules-schema.js';

const { model } = trainRouteClassifier(syntheticOutcomes(600), { tiers: ['cheap', 'top'], targetStrongShare: 0.4, now: () => new Date(0) });
const ask = (text: string): ModelRequest => ({ modelId: 'x', messages: [{ role: 'user', content: [{ text }] }] });
const easy = 'please cancel my order';
const hard = 'please prove the integral converges and justify every step of the argument';
const rule = (fields: Partial<RouteRule> & { name: string }): RouteRule => ({ when: {}, cascade: false, overridePin: false, ...fields });

describe('createRouter', () => {
  it('routes by the classifier against a threshold calibrated to the target share', () => {
    const router = createRouter({ classifier: model });
    expect(router.tiers.map((tier) => tier.modelId)).toEqual(['cheap', 'top']);
    const toHard = router.route(ask(hard));
    expect(toHard).toMatchObject({ tier: 2, modelId: 'top', policy: 'classifier', promptRouter: false, cascade: false });
    expect(toHard.reason).toMatch(/^classifier: need [\d.-]+ ≥ threshold [\d.-]+ → tier 2$/);
    expect(router.route(ask(easy))).toMatchObject({ tier: 1, modelId: 'cheap', policy: 'classifier' });
    expect(toHard.score).toBeGreaterThan(toHard.threshold as number);
  });

  it('recalibrates on recent traffic so the top-tier share stays at the target', () => {
    const router = createRouter({ classifier: model, target: { strongShare: 0.25 }, calibration: { windowSize: 400, recalibrateEvery: 50, minSamples: 200 } });
    // Traffic turns much harder than the training data: at first far more than 25% goes up…
    const prompts = syntheticOutcomes(1400, 9).filter((row) => row.prompt.includes('justify')).map((row) => row.prompt);
    const early = prompts.slice(0, 100).filter((prompt) => router.route(ask(prompt)).tier === 2).length / 100;
    for (const prompt of prompts.slice(100, 400)) router.route(ask(prompt));
    // …then the threshold follows the traffic back to about a quarter.
    const late = prompts.slice(400, 560).filter((prompt) => router.route(ask(prompt)).tier === 2).length / 160;
    expect(early).toBeGreaterThan(0.45);
    expect(Math.abs(late - 0.25)).toBeLessThan(0.12);
  });

  it('converts a cost ceiling into a top-tier share', () => {
    const router = createRouter({ classifier: model, target: { maxCostPerRequest: 0.004, meanCostPerRequest: [0.001, 0.011] } });
    expect(router.explain(ask(hard)).classifier?.calibration).toMatch(/about 30.0% of traffic goes to the top tier/);
  });

  it('applies rules first (first match wins), then the classifier, then the default tier', () => {
    const router = createRouter({
      tiers: ['cheap', 'mid', 'top'],
      defaultTier: 2,
      classifier: model,
      classifierTiers: [1, 3],
      rules: [rule({ name: 'faq', when: { keywords: { any: ['opening hours'] } }, tier: 1 }), rule({ name: 'maths', when: { keywords: { any: ['integral', 'eigenvalue'] } }, use: 'classifier', cascade: true })],
    });
    expect(router.route(ask('what are your opening hours? prove the integral'))).toMatchObject({ tier: 1, policy: 'rules', rule: 'faq', reason: 'rule "faq" matched → tier 1' });
    const maths = router.route(ask(hard));
    expect(maths).toMatchObject({ tier: 3, modelId: 'top', policy: 'classifier', rule: 'maths', cascade: true });
    expect(maths.reason).toMatch(/^rule "maths" → classifier: /);
    // No rule matched: the classifier decides when there is one…
    expect(router.route(ask(easy)).policy).toBe('classifier');
    // …and the default tier when there is none.
    const rulesOnly = createRouter({ tiers: ['cheap', 'mid', 'top'], defaultTier: 2, rules: [rule({ name: 'faq', when: { keywords: { any: ['opening hours'] } }, tier: 1 })] });
    expect(rulesOnly.route(ask(easy))).toMatchObject({ tier: 2, modelId: 'mid', policy: 'default', reason: 'no rule matched → default tier 2' });
    expect(rulesOnly.threshold()).toBeUndefined();
  });

  it('keeps a conversation on its first tier unless a rule overrides the pin', () => {
    let now = 0;
    const router = createRouter({
      classifier: model,
      rules: [rule({ name: 'escalate-on-request', when: { keywords: { any: ['speak to a senior'] } }, tier: 2, overridePin: true })],
      pinning: { store: createConversationPins({ ttlMs: 1000, now: () => now }) },
    });
    const first = router.route(ask(easy), { conversationId: 'c1' });
    expect(first.tier).toBe(1);
    const second = router.route(ask(hard), { conversationId: 'c1' });
    expect(second).toMatchObject({ tier: 1, policy: 'pinned' });
    expect(second.reason).toMatch(/^conversation c1 stays on tier 1, the tier of its first decision \(this turn alone: classifier: .* → tier 2\)$/);
    const overridden = router.route(ask('I want to speak to a senior agent'), { conversationId: 'c1' });
    expect(overridden).toMatchObject({ tier: 2, policy: 'rules', rule: 'escalate-on-request' });
    expect(overridden.reason).toMatch(/overrides the conversation's pin to tier 1/);
    expect(router.route(ask(easy), { conversationId: 'c1' })).toMatchObject({ tier: 2, policy: 'pinned' });
    // Other conversations and expired pins route afresh.
    expect(router.route(ask(easy), { conversationId: 'c2' }).tier).toBe(1);
    now = 5000;
    expect(router.route(ask(easy), { conversationId: 'c1' })).toMatchObject({ tier: 1, policy: 'classifier' });
  });

  it('moves a pinned conversation up only after the classifier asks several turns in a row (hysteresis)', () => {
    const router = createRouter({ classifier: model, pinning: { upgradeAfter: 2 } });
    expect(router.route(ask(easy), { conversationId: 'c' }).tier).toBe(1);
    expect(router.route(ask(hard), { conversationId: 'c' })).toMatchObject({ tier: 1, policy: 'pinned' });
    expect(router.route(ask(easy), { conversationId: 'c' })).toMatchObject({ tier: 1, policy: 'pinned' }); // vote reset
    expect(router.route(ask(hard), { conversationId: 'c' })).toMatchObject({ tier: 1, policy: 'pinned' });
    const moved = router.route(ask(hard), { conversationId: 'c' });
    expect(moved).toMatchObject({ tier: 2, policy: 'classifier' });
    expect(moved.reason).toMatch(/asked for a higher tier 2 turns in a row, so conversation c moves up from tier 1/);
    expect(router.route(ask(easy), { conversationId: 'c' })).toMatchObject({ tier: 2, policy: 'pinned' });
  });

  it('explains a decision: signals, rules tried, score, threshold, calibration and top features', () => {
    const router = createRouter({ classifier: model, tiers: ['cheap', 'top'], rules: [rule({ name: 'faq', when: { task: ['faq'] }, tier: 1 }), rule({ name: 'rest', use: 'classifier' })] });
    const explanation = router.explain(ask(hard), {}, 5);
    expect(explanation.decision).toMatchObject({ tier: 2, policy: 'classifier', rule: 'rest' });
    expect(explanation.rulesTried).toEqual([
      { name: 'faq', matched: false },
      { name: 'rest', matched: true },
    ]);
    expect(explanation.signals).toMatchObject({ depth: 1, toolsPresent: false, outputFormat: 'text', textChars: hard.length });
    const classifier = explanation.classifier;
    expect(classifier?.contributions).toHaveLength(5);
    expect(classifier?.calibration).toMatch(/threshold [\d.-]+ = the 60.0th percentile of scores over \d+ reference scores from the model file/);
    const pushes = classifier?.contributions.filter((entry) => entry.towardTop > 0).map((entry) => entry.feature) ?? [];
    expect(pushes.some((feature) => /justify|integral|prove|converges|argument|step/.test(feature))).toBe(true);
  });

  it('passes a Bedrock prompt router through as a tier', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1';
    expect(isPromptRouterArn(arn)).toBe(true);
    expect(isPromptRouterArn('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0')).toBe(false);
    const router = createRouter({ tiers: ['amazon.nova-micro-v1:0', arn], defaultTier: 2 });
    expect(router.route(ask('anything'))).toMatchObject({ tier: 2, modelId: arn, promptRouter: true });
  });

  it('refuses a classifier whose models are not on the ladder, and impossible tiers', () => {
    expect(() => createRouter({ tiers: ['a', 'b'], classifier: model })).toThrow(/trained for cheap → top, but the ladder lists a, b/);
    expect(() => createRouter({ tiers: ['a', 'b'], classifier: model, classifierTiers: [1, 3] })).toThrow(/classifierTiers needs 2 ladder tiers between 1 and 2/);
    expect(() => createRouter({ tiers: ['a', 'b'], defaultTier: 3 })).toThrow(/defaultTier 3 is not on the ladder/);
    expect(() => createRouter({ tiers: ['a'], rules: [rule({ name: 'r', tier: 2 })] })).toThrow(/sends to tier 2, but the ladder has 1/);
    expect(() => createRouter({})).toThrow(/needs a ladder/);
  });
});
