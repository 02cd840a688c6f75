import { ConverseCommand, ConverseStreamCommand, type ConverseStreamMetadataEvent } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { createClient } from './create-client.js';
import { createPipeline } from './create-pipeline.js';
import { silentPipelineLogger } from './pipeline-logger.js';
import { emulatorProvider, textOf } from './testing/start-pipeline-emulator.js';
import { createCallbackUsageSink } from './usage-sink.js';

const catalog = createPricingCatalog();
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const router = 'arn:aws:bedrock:us-east-1:111122223333:default-prompt-router/anthropic.claude:1';
const haiku = 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0';
const sonnet = 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0';

let emulator: RunningEmulator;
beforeAll(async () => {
  // The shipped models: the default Claude router's two models are among them.
  emulator = await startEmulator({ port: 0, timeScale: 0 });
});
afterAll(async () => {
  await emulator.close();
});

const ask = (text: string): ModelRequest => ({ modelId: router, messages: [{ role: 'user', content: [{ text }] }] });

/** What the catalog charges `model` for these tokens: the served model's price, never the router's. */
function priceOf(model: string, usage: { inputTokens: number | null; outputTokens: number | null }): number {
  const cost = priceUsage({ model, region: 'us-east-1', inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 }, catalog);
  expect(cost.pricingStatus).toBe('priced');
  return cost.total as number;
}

describe('a Bedrock prompt router through the provider and the pipeline, against frugal emulator', () => {
  it('prices each call at the served model’s catalog price, in the result and in the ledger row', async () => {
    const rows: UsageRow[] = [];
    const pipeline = createPipeline({ provider: emulatorProvider(emulator), catalog, region: 'us-east-1', usageSink: createCallbackUsageSink((written) => void rows.push(...written)), logger: silentPipelineLogger });

    const cheap = await pipeline.invoke(ask('What are your opening hours?'));
    expect(cheap.result).toMatchObject({ modelId: haiku, requestedModelId: router });
    expect(cheap.cost.total).toBeCloseTo(priceOf(haiku, cheap.usage), 15);
    // The geo profile bills the base model's price in its source Region.
    expect(cheap.cost.total).toBeCloseTo(priceOf('anthropic.claude-3-haiku-20240307-v1:0', cheap.usage), 15);

    const hard = await pipeline.invoke(ask(textOf(400, 'contract')));
    expect(hard.result.modelId).toBe(sonnet);
    expect(hard.cost.total).toBeCloseTo(priceOf(sonnet, hard.usage), 15);
    // Sonnet's price, twelve times Haiku's per input token: pricing the wrong model would show.
    expect(hard.cost.total).toBeGreaterThan(priceOf(haiku, hard.usage) * 5);

    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.rawModelId)).toEqual([haiku, sonnet]);
    expect(rows.map((row) => row.pricingStatus)).toEqual(['priced', 'priced']);
    expect(rows[0]?.cost).toBeCloseTo(cheap.cost.total as number, 15);
    expect(rows[1]?.cost).toBeCloseTo(hard.cost.total as number, 15);
  });

  it('prices a streamed routed call at the served model from ConverseStream’s metadata event', async () => {
    const pipeline = createPipeline({ provider: emulatorProvider(emulator), catalog, region: 'us-east-1', logger: silentPipelineLogger });
    const events = [];
    for await (const event of pipeline.stream(ask('Explain why the sky is blue, step by step.'))) events.push(event);
    const end = events.at(-1);
    expect(end?.type).toBe('end');
    if (end?.type !== 'end') return;
    expect(end.result.result.modelId).toBe(sonnet);
    expect(end.result.cost.total).toBeCloseTo(priceOf(sonnet, end.result.usage), 15);
  });

  it('createClient keeps trace.promptRouter in the Converse output and the stream’s metadata, and reports the served model’s cost', async () => {
    const frugal = createClient({ endpoint: emulator.url, region: 'us-east-1', credentials });
    const input = { modelId: router, messages: [{ role: 'user' as const, content: [{ text: 'Hello there' }] }] };
    const response = await frugal.send(new ConverseCommand(input));
    expect(response.trace).toEqual({ promptRouter: { invokedModelId: haiku } });
    const info = (response as Awaited<ReturnType<typeof frugal.converse>>).frugal;
    expect(info.modelId).toBe(haiku);
    expect(info.cost.total).toBeCloseTo(priceOf(haiku, { inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0 }), 15);

    const streamed = await frugal.send(new ConverseStreamCommand(input));
    let metadata: ConverseStreamMetadataEvent | undefined;
    for await (const event of streamed.stream ?? []) if (event.metadata !== undefined) metadata = event.metadata;
    expect(metadata?.trace).toEqual({ promptRouter: { invokedModelId: haiku } });
  });
});
