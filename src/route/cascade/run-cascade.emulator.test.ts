import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulatedModels, type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { createPricingCatalog, priceUsage } from '../../pricing/index.js';
import { createBedrockProvider, type ModelRequest } from '../../providers/index.js';
import { createValidators } from './create-validators.js';
import { CascadeError, runCascade } from './run-cascade.js';

/**
 * The cascade through the real AWS SDK against `frugal emulator`: a wordy cheap model that runs
 * into the output cap, a terse top model, and a throttled model with a same-tier fallback.
 */
const cheap = 'amazon.nova-micro-v1:0';
const fallback = 'amazon.nova-lite-v1:0';
const top = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const models = parseSimulatedModels(
  `version: 1
models:
  - id: ${cheap}
    latency: { ttftMs: 1, tokensPerSecond: 10000 }
    verbosity: 4
  - id: ${fallback}
    latency: { ttftMs: 1, tokensPerSecond: 10000 }
    verbosity: 0.3
  - id: ${top}
    latency: { ttftMs: 1, tokensPerSecond: 10000 }
    verbosity: 0.3
  - id: mistral.mistral-7b-instruct-v0:2
    latency: { ttftMs: 1, tokensPerSecond: 10000 }
    faults: { throttleRate: 1 }
`,
  'cascade-models.yaml',
);
const catalog = createPricingCatalog();
let emulator: RunningEmulator;
const request: ModelRequest = { modelId: 'routed', messages: [{ role: 'user', content: [{ text: 'Summarise our refund policy for a customer.' }] }], inferenceConfig: { maxTokens: 150 } };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0, models });
});
afterAll(async () => {
  await emulator.close();
});

const provider = () =>
  createBedrockProvider({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retry: { maxAttempts: 1 } });

describe('runCascade against frugal emulator', () => {
  it('escalates a truncated cheap answer and bills both calls at catalog prices', async () => {
    const outcome = await runCascade(request, provider(), { ladder: [cheap, top], validators: createValidators(), catalog, region: 'us-east-1' });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 2, escalations: 1 });
    const [first, second] = outcome.attempts;
    expect(first).toMatchObject({ tier: 1, servedModelId: cheap, outcome: 'escalated', failure: 'truncated' });
    expect(second).toMatchObject({ tier: 2, servedModelId: top, outcome: 'accepted' });
    expect(outcome.result.output.stopReason).toBe('end');
    const usage = outcome.attempts.map((attempt) => attempt.cost?.byBucket);
    expect(usage.every((buckets) => (buckets?.output ?? 0) > 0)).toBe(true);
    expect(outcome.totalCostUsd).toBeCloseTo((first?.costUsd ?? 0) + (second?.costUsd ?? 0), 15);
    expect(first?.costUsd).toBeGreaterThan(0);
    // The cheap call hit the cap: it billed exactly maxTokens of output.
    const cheapOutput = priceUsage({ model: cheap, region: 'us-east-1', outputTokens: 150 }, catalog).total as number;
    expect(first?.cost?.byBucket.output).toBeCloseTo(cheapOutput, 15);
  });

  it('switches provider on throttling within the tier instead of climbing the ladder', async () => {
    const outcome = await runCascade(request, provider(), {
      ladder: [{ modelId: 'mistral.mistral-7b-instruct-v0:2', fallbacks: [{ modelId: fallback }] }, top],
      validators: createValidators(),
      catalog,
      region: 'us-east-1',
    });
    expect(outcome).toMatchObject({ outcome: 'accepted', finalTier: 1, escalations: 0 });
    expect(outcome.attempts.map((attempt) => [attempt.requestedModelId, attempt.outcome, attempt.errorCode ?? null, attempt.fallback])).toEqual([
      ['mistral.mistral-7b-instruct-v0:2', 'error', 'THROTTLED', false],
      [fallback, 'accepted', null, true],
    ]);
    await expect(runCascade(request, provider(), { ladder: ['mistral.mistral-7b-instruct-v0:2', top], validators: [], catalog })).rejects.toBeInstanceOf(CascadeError);
  });
});
