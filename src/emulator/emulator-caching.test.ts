import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, CountTokensCommand, InvokeModelCommand, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricingCatalog } from '../pricing/index.js';
import { countTokens } from './count-tokens.js';
import { loadDefaultSimulatedModels, parseSimulatedModels } from './load-simulated-models.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const sonnet37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const sonnet45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const haiku3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const minute = 60_000;

/** The catalog's rule, read through the API: the test follows the data, not a copy of it. */
function minimumTokens(modelId: string): number {
  const caching = createPricingCatalog().model(modelId)?.entry.caching;
  if (caching?.supported !== true) throw new Error(`${modelId} should support caching in the catalog`);
  return caching.minTokensPerCheckpoint;
}

/** A text of at least `tokens` tokens by the emulator's rule. */
function textOf(tokens: number, word = 'policy'): string {
  const words: string[] = [];
  while (countTokens(words.join(' ')) < tokens) words.push(`${word}${words.length}`);
  return words.join(' ');
}

const cachePoint = (ttl?: '5m' | '1h') => ({ cachePoint: { type: 'default' as const, ...(ttl !== undefined && { ttl }) } });

let now = Date.parse('2026-03-01T09:00:00Z');
let emulator: RunningEmulator;
let ignoring: RunningEmulator;
let client: BedrockRuntimeClient;
let ignoringClient: BedrockRuntimeClient;

beforeAll(async () => {
  const models = [
    ...(await loadDefaultSimulatedModels()),
    // Declared rules: exercises the per-model override and a model without `tools` checkpoints.
    ...parseSimulatedModels(
      `version: 1
models:
  - id: amazon.nova-premier-v1:0
    latency: { ttftMs: 1, tokensPerSecond: 1000 }
    caching: { supported: true, minTokensPerCheckpoint: 1000, maxCheckpoints: 4, ttls: [5m], fields: [system, messages], source: test }
`,
      'test.yaml',
    ),
  ];
  emulator = await startEmulator({ port: 0, timeScale: 0, models, clock: () => now });
  ignoring = await startEmulator({ port: 0, timeScale: 0, models, clock: () => now, unsupportedCachePoints: 'ignore' });
  client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  ignoringClient = new BedrockRuntimeClient({ endpoint: ignoring.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  ignoringClient.destroy();
  await Promise.all([emulator.close(), ignoring.close()]);
});

async function converse(input: Omit<ConverseCommandInput, 'modelId'> & { modelId?: string }, target = client): Promise<Partial<TokenUsage>> {
  const response = await target.send(new ConverseCommand({ modelId: sonnet37, ...input }));
  return response.usage ?? {};
}

describe('prompt caching through Converse', () => {
  it('caches nothing below the minimum tokens per checkpoint, silently', async () => {
    const system = textOf(Math.floor(minimumTokens(sonnet37) / 2), 'short');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const usage = await converse({ system: [{ text: system }, cachePoint()], messages: [{ role: 'user', content: [{ text: 'q' }] }] });
      expect(usage).toMatchObject({ inputTokens: countTokens(system) + countTokens('q'), cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
      expect(usage.cacheDetails).toBeUndefined();
    }
  });

  it('writes a prefix, reads it within the TTL (resetting it) and misses once the TTL has passed', async () => {
    const system = textOf(Math.ceil(minimumTokens(sonnet37) * 1.5));
    const prefix = countTokens(system);
    const ask = (question: string) => converse({ system: [{ text: system }, cachePoint()], messages: [{ role: 'user', content: [{ text: question }] }] });

    expect(await ask('first')).toMatchObject({ inputTokens: countTokens('first'), cacheWriteInputTokens: prefix, cacheReadInputTokens: 0, cacheDetails: [{ ttl: '5m', inputTokens: prefix }] });
    now += 4 * minute;
    expect(await ask('second')).toMatchObject({ inputTokens: countTokens('second'), cacheReadInputTokens: prefix, cacheWriteInputTokens: 0 });
    now += 4 * minute; // 8 minutes after the write, 4 after the hit that reset the TTL
    expect(await ask('third')).toMatchObject({ cacheReadInputTokens: prefix, cacheWriteInputTokens: 0 });
    now += 5 * minute + 1;
    expect(await ask('fourth')).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: prefix });
  });

  it('matches prefixes exactly: one extra space is a new prefix', async () => {
    const system = textOf(minimumTokens(sonnet37) + 50, 'exact');
    const messages = [{ role: 'user' as const, content: [{ text: 'q' }] }];
    expect(await converse({ system: [{ text: system }, cachePoint()], messages })).toMatchObject({ cacheWriteInputTokens: countTokens(system) });
    expect(await converse({ system: [{ text: system }, cachePoint()], messages })).toMatchObject({ cacheReadInputTokens: countTokens(system) });
    const changed = system.replace(' ', '  ');
    expect(await converse({ system: [{ text: changed }, cachePoint()], messages })).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: countTokens(changed) });
  });

  it('accepts four checkpoints and rejects a fifth', async () => {
    const part = textOf(minimumTokens(sonnet37), 'part');
    const messages = [{ role: 'user' as const, content: [{ text: `${part} a` }, cachePoint(), { text: `${part} b` }, cachePoint(), { text: 'question' }] }];
    const system = [{ text: part }, cachePoint(), { text: `${part} c` }, cachePoint()];
    const usage = await converse({ system, messages });
    expect(usage.cacheWriteInputTokens).toBe(countTokens(part) + countTokens(`${part} c`) + countTokens(`${part} a`) + countTokens(`${part} b`));
    const tooMany = { ...messages[0], content: [...(messages[0]?.content ?? []), cachePoint()] };
    await expect(converse({ system, messages: [tooMany as (typeof messages)[number]] })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/maximum of 4 cache checkpoints.*Found 5/),
    });
  });

  it('reads an earlier turn when the checkpoint moves forward (looking back over earlier blocks)', async () => {
    const document = textOf(minimumTokens(sonnet37) + 10, 'doc');
    const turn1 = [{ role: 'user' as const, content: [{ text: document }, cachePoint()] }];
    expect(await converse({ messages: turn1 })).toMatchObject({ cacheWriteInputTokens: countTokens(document) });
    const turn2 = [
      { role: 'user' as const, content: [{ text: document }] },
      { role: 'assistant' as const, content: [{ text: 'noted' }] },
      { role: 'user' as const, content: [{ text: 'and now?' }, cachePoint()] },
    ];
    expect(await converse({ messages: turn2 })).toMatchObject({
      inputTokens: 0,
      cacheReadInputTokens: countTokens(document),
      cacheWriteInputTokens: countTokens('noted') + countTokens('and now?'),
    });
  });

  it('offers a 1-hour TTL where the model does, reported in cacheDetails, and refuses it elsewhere', async () => {
    const system = textOf(minimumTokens(sonnet45) + 10, 'hour');
    const ask = () => converse({ modelId: sonnet45, system: [{ text: system }, cachePoint('1h')], messages: [{ role: 'user', content: [{ text: 'q' }] }] });
    expect(await ask()).toMatchObject({ cacheWriteInputTokens: countTokens(system), cacheDetails: [{ ttl: '1h', inputTokens: countTokens(system) }] });
    now += 30 * minute;
    expect(await ask()).toMatchObject({ cacheReadInputTokens: countTokens(system) });
    await expect(converse({ system: [{ text: system }, cachePoint('1h')], messages: [{ role: 'user', content: [{ text: 'q' }] }] })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/does not offer a 1h cache TTL/),
    });
    await expect(
      converse({ modelId: sonnet45, system: [{ text: system }, cachePoint('5m'), { text: 'more' }, cachePoint('1h')], messages: [{ role: 'user', content: [{ text: 'q' }] }] }),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/1h TTL must come before/) });
  });

  it('rejects checkpoints in a field the model does not cache', async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }, cachePoint()] };
    await expect(converse({ modelId: 'amazon.nova-premier-v1:0', toolConfig, messages: [{ role: 'user', content: [{ text: 'q' }] }] })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/does not accept cache checkpoints in tools/),
    });
  });

  it('on a model without prompt caching: rejects cache points as Bedrock does, or ignores them when asked to', async () => {
    const system = textOf(3000);
    const request = { modelId: haiku3, system: [{ text: system }, cachePoint()], messages: [{ role: 'user' as const, content: [{ text: 'q' }] }] };
    await expect(converse(request)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(/unsupported model or your request did not allow prompt caching/),
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await converse(request, ignoringClient)).toMatchObject({ inputTokens: countTokens(system) + countTokens('q'), cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    }
  });

  it('counts tokens as the sum of the three input buckets', async () => {
    const system = [{ text: textOf(minimumTokens(sonnet37) + 5, 'count') }, cachePoint()];
    const messages = [{ role: 'user' as const, content: [{ text: 'how many?' }] }];
    const counted = await client.send(new CountTokensCommand({ modelId: sonnet37, input: { converse: { system, messages } } }));
    const usage = await converse({ system, messages });
    expect(counted.inputTokens).toBe((usage.inputTokens ?? 0) + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0));
  });
});

describe('prompt caching through InvokeModel (Anthropic cache_control)', () => {
  it('writes then reads, in snake_case usage', async () => {
    const system = textOf(minimumTokens(sonnet37) + 20, 'anthropic');
    const body = (question: string) =>
      JSON.stringify({
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 50,
        system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: question }] }],
      });
    const usage = async (question: string) =>
      (JSON.parse(new TextDecoder().decode((await client.send(new InvokeModelCommand({ modelId: `us.${sonnet37}`, body: body(question) }))).body)) as { usage: Record<string, number> }).usage;
    expect(await usage('one')).toMatchObject({ input_tokens: countTokens('one'), cache_creation_input_tokens: countTokens(system), cache_read_input_tokens: 0 });
    expect(await usage('two')).toMatchObject({ input_tokens: countTokens('two'), cache_creation_input_tokens: 0, cache_read_input_tokens: countTokens(system) });
  });
});
