import { describe, expect, it } from 'vitest';
import { AccessDeniedError, ContentFilteredError, ServiceUnavailableError, ThrottledError } from '../../core/index.js';
import { createPricingCatalog, defaultCatalog, priceUsage } from '../../pricing/index.js';
import type { ModelProvider, ModelRequest, ModelResult, StopReason } from '../../providers/index.js';
import { createValidators } from './create-validators.js';
import { CascadeError, runCascade } from './run-cascade.js';

const catalog = createPricingCatalog();
const cheap = 'amazon.nova-micro-v1:0';
const mid = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const top = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const request: ModelRequest = { modelId: 'routed', messages: [{ role: 'user', content: [{ text: 'Extract the invoice fields as JSON.' }] }] };

type Script = { text: string; stopReason?: StopReason; servedModelId?: string; serviceTier?: ModelResult['serviceTier'] } | Error;

function result(modelId: string, reply: Exclude<Script, Error>): ModelResult {
  return {
    output: { content: [{ type: 'text', text: reply.text }], stopReason: reply.stopReason ?? 'end', rawStopReason: null },
    usage: { inputTokens: 1000, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 200, raw: undefined },
    latency: { totalMs: 10, attemptMs: 10, firstTokenMs: null, lastTokenMs: null, serviceMs: null, retryWaitMs: 0, queueMs: 0, attempts: 1 },
    modelId: reply.servedModelId ?? modelId,
    requestedModelId: modelId,
    requestId: 'r',
    serviceTier: reply.serviceTier ?? null,
    raw: undefined,
  };
}

/** A provider that answers each model from a script, one entry per call. */
function stubProvider(name: string, scripts: Record<string, Script[]>): ModelProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    calls,
    async invoke(call) {
      calls.push(call.modelId);
      const next = scripts[call.modelId]?.shift();
      if (next === undefined) throw new Error(`no script left for ${call.modelId}`);
      if (next instanceof Error) throw next;
      return result(call.modelId, next);
    },
    stream() {
      throw new Error('not used');
    },
  };
}

const costOf = (model: string): number => priceUsage({ model, inputTokens: 1000, outputTokens: 200 }, catalog).total as number;
const details = (modelId: string) => ({ provider: 'stub', modelId });

describe('runCascade', () => {
  const validators = createValidators({ json: { requiredFields: ['total'] } });

  it('prices each attempt in the tier that served it', async () => {
    const withFlex = createPricingCatalog(defaultCatalog(), { prices: [{ model: cheap, regions: ['us-east-1'], mode: 'flex', input: 0.0175, output: 0.07 }] });
    const provider = stubProvider('stub', { [cheap]: [{ text: '{"total": 12}', serviceTier: 'flex' }] });
    const outcome = await runCascade(request, provider, { ladder: [cheap, mid], validators, catalog: withFlex, region: 'us-east-1' });
    expect(outcome.totalCostUsd).toBeCloseTo((1000 * 0.0175 + 200 * 0.07) / 1e6, 12);
    expect(outcome.totalCostUsd).toBeLessThan(costOf(cheap));
  });

  it('accepts the cheapest answer that validates, without calling anything else', async () => {
    const provider = stubProvider('stub', { [cheap]: [{ text: '{"total": 12}' }] });
    const outcome = await runCascade(request, provider, { ladder: [cheap, mid, top], validators, catalog });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 1, escalations: 0 });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.totalCostUsd).toBeCloseTo(costOf(cheap), 12);
    expect(provider.calls).toEqual([cheap]);
  });

  it('escalates on each failed check, recording every attempt, its reason and its cost', async () => {
    const provider = stubProvider('stub', {
      [cheap]: [{ text: '{"total": 1', stopReason: 'length' }],
      [mid]: [{ text: "I'm not sure, but the total might be {\"total\": 3}" }],
      [top]: [{ text: '```json\n{"total": 12.5}\n```' }],
    });
    const outcome = await runCascade(request, provider, { ladder: [cheap, mid, top], validators, catalog });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 3, escalations: 2 });
    expect(outcome.attempts.map((attempt) => [attempt.tier, attempt.outcome, attempt.failure])).toEqual([
      [1, 'escalated', 'truncated'],
      [2, 'escalated', 'hedging'],
      [3, 'accepted', undefined],
    ]);
    expect(outcome.attempts[1]?.reason).toBe('the answer hedges: "i\'m not sure"');
    // The failed cheap calls are paid too.
    expect(outcome.totalCostUsd).toBeCloseTo(costOf(cheap) + costOf(mid) + costOf(top), 12);
    expect(outcome.attempts.map((attempt) => attempt.costUsd)).toEqual([costOf(cheap), costOf(mid), costOf(top)]);
  });

  it('escalates on malformed JSON and missing fields, and returns the top answer with its verdict when nothing passes', async () => {
    const provider = stubProvider('stub', { [cheap]: [{ text: 'total: 12' }], [top]: [{ text: '{"sum": 12}' }] });
    const outcome = await runCascade(request, provider, { ladder: [cheap, top], validators, catalog });
    expect(outcome.outcome).toBe('exhausted');
    expect(outcome.attempts.map((attempt) => [attempt.outcome, attempt.failure])).toEqual([
      ['escalated', 'malformed-json'],
      ['failed-validation', 'missing-fields'],
    ]);
  });

  it('starts where the router decided', async () => {
    const provider = stubProvider('stub', { [mid]: [{ text: '{"total": 2}' }] });
    const outcome = await runCascade(request, provider, { ladder: [cheap, mid, top], startTier: 2, validators, catalog });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 2 });
    expect(provider.calls).toEqual([mid]);
  });

  it('surfaces a refusal instead of routing around it (unless told to escalate, and then says so)', async () => {
    const refusal = "I'm sorry, but I can't help with that request.";
    const returned = await runCascade(request, stubProvider('stub', { [cheap]: [{ text: refusal }] }), { ladder: [cheap, top], validators, catalog });
    expect(returned).toMatchObject({ outcome: 'refused', finalTier: 1, escalations: 0 });
    expect(returned.attempts[0]).toMatchObject({ outcome: 'refused', failure: 'refusal' });
    const escalated = await runCascade(request, stubProvider('stub', { [cheap]: [{ text: refusal }], [top]: [{ text: '{"total": 1}' }] }), { ladder: [cheap, top], validators, catalog, onRefusal: 'escalate' });
    expect(escalated.attempts.map((attempt) => [attempt.outcome, attempt.failure])).toEqual([
      ['escalated', 'refusal'],
      ['accepted', undefined],
    ]);
  });

  it('switches to the tier\'s fallback provider on throttling or outages, without climbing the ladder', async () => {
    const primary = stubProvider('bedrock-us-east-1', { [cheap]: [new ThrottledError('Rate exceeded', details(cheap))] });
    const backup = stubProvider('bedrock-us-west-2', { [`us.${cheap}`]: [{ text: '{"total": 4}' }] });
    const outcome = await runCascade(request, primary, { ladder: [{ modelId: cheap, fallbacks: [{ modelId: `us.${cheap}`, provider: backup }] }, top], validators, catalog });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 1, escalations: 0 });
    expect(outcome.attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorCode, attempt.fallback, attempt.costUsd])).toEqual([
      ['bedrock-us-east-1', 'error', 'THROTTLED', false, 0],
      ['bedrock-us-west-2', 'accepted', undefined, true, costOf(`us.${cheap}`)],
    ]);
  });

  it('fails with every attempt recorded when a tier has no healthy provider, or the error is not one another model fixes', async () => {
    const down = stubProvider('stub', { [cheap]: [new ServiceUnavailableError('503', details(cheap))] });
    const outage = runCascade(request, down, { ladder: [cheap, top], validators, catalog });
    await expect(outage).rejects.toThrow(CascadeError);
    await expect(outage).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: true, attempts: [{ outcome: 'error', errorCode: 'SERVICE_UNAVAILABLE' }] });
    expect(down.calls).toEqual([cheap]); // an outage is not a reason to pay for the top tier

    const denied = stubProvider('stub', { [cheap]: [new AccessDeniedError('no model access', details(cheap))] });
    await expect(runCascade(request, denied, { ladder: [cheap, top], validators, catalog })).rejects.toMatchObject({ code: 'ACCESS_DENIED', isRetryable: false });
  });

  it('does not route around a content filter, and keeps what it billed', async () => {
    const filtered = new ContentFilteredError('guardrail intervened', { ...details(cheap), usage: { inputTokens: 1000, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 200, raw: undefined } });
    const provider = stubProvider('stub', { [cheap]: [filtered] });
    const error = (await runCascade(request, provider, { ladder: [cheap, top], validators, catalog }).catch((caught: unknown) => caught)) as CascadeError;
    expect(error).toBeInstanceOf(CascadeError);
    expect(error.message).toMatch(/content filter stopped tier 1 .* not routed around/);
    expect(error.attempts[0]).toMatchObject({ outcome: 'filtered', costUsd: costOf(cheap) });
    expect(provider.calls).toEqual([cheap]);
  });

  it('prices a Bedrock prompt router\'s call as the model that served it', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1';
    const served = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0';
    const provider = stubProvider('stub', { [arn]: [{ text: '{"total": 9}', servedModelId: served }] });
    const outcome = await runCascade(request, provider, { ladder: [arn], validators, catalog, region: 'us-east-1' });
    expect(outcome.attempts[0]).toMatchObject({ requestedModelId: arn, servedModelId: served });
    expect(outcome.totalCostUsd).toBeCloseTo(priceUsage({ model: served, region: 'us-east-1', inputTokens: 1000, outputTokens: 200 }, catalog).total as number, 12);
  });
});
