import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { totalInputTokens } from '../../core/index.js';
import { parseSimulatedModels, type RunningEmulator, type SimulatedModelInput, startEmulator } from '../../emulator/index.js';
import { createAimdLimiterPool } from '../create-aimd-limiter-pool.js';
import type { ModelRequest } from '../model-request.js';
import { type BedrockProviderSettings, createBedrockProvider } from './create-bedrock-provider.js';
import { collect, failure } from '../../../test/helpers/async-helpers.js';

/**
 * The Bedrock provider through the real AWS SDK client against `frugal emulator` on 127.0.0.1
 * with dummy credentials: Converse, ConverseStream, InvokeModel and CountTokens on the wire, and
 * the emulator's seeded fault injection for retries, AIMD and cut streams.
 */

const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
const sonnet = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function emulate(models: SimulatedModelInput[], options: { timeScale?: number } = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    port: 0,
    seed: 7,
    timeScale: options.timeScale ?? 0,
    models: parseSimulatedModels(JSON.stringify({ version: 1, models }), 'test models'),
  });
  running.push(emulator);
  return emulator;
}

const simulated = (id: string, faults: SimulatedModelInput['faults'] = {}): SimulatedModelInput => ({ id, latency: { ttftMs: 300, tokensPerSecond: 100 }, faults });

/** A provider on the emulator whose backoff sleeps are recorded, not slept. */
function bedrockOn(emulator: RunningEmulator, settings: BedrockProviderSettings = {}) {
  const waits: number[] = [];
  const provider = createBedrockProvider({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret' },
    ...settings,
    retry: { random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...settings.retry },
  });
  return { provider, waits };
}

const ask = (modelId: string, text = 'Name a prime number.'): ModelRequest => ({
  modelId,
  messages: [{ role: 'user', content: [{ text }] }],
  inferenceConfig: { maxTokens: 200 },
});

// About 3,000 tokens of varied text: above Claude 3.7 Sonnet's 1,024-token cache minimum.
const longPrompt = Array.from({ length: 600 }, (_, index) => `Rule ${index}: clause ${index * 7} applies to party ${index % 13}.`).join(' ');

const cachedRequest = (modelId: string): ModelRequest => ({
  modelId,
  system: [{ text: longPrompt }, { cachePoint: {} }],
  messages: [{ role: 'user', content: [{ text: 'Which rule covers party 3?' }] }],
  inferenceConfig: { maxTokens: 100 },
});

describe('createBedrockProvider against frugal emulator', () => {
  it('should invoke Converse and normalise the result', async () => {
    const { provider } = bedrockOn(await emulate([simulated(haiku)]));
    const result = await provider.invoke(ask(haiku));
    const raw = result.raw as { usage: { totalTokens: number } };
    expect(result.output.content).toEqual([{ type: 'text', text: expect.stringContaining('simulated') }]);
    expect(['end', 'length']).toContain(result.output.stopReason);
    expect(result.usage).toMatchObject({ cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 });
    expect(totalInputTokens(result.usage as never) + (result.usage.outputTokens ?? 0)).toBe(raw.usage.totalTokens);
    expect(result.modelId).toBe(haiku);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.latency).toMatchObject({ attempts: 1, retryWaitMs: 0, queueMs: 0, firstTokenMs: null, lastTokenMs: null });
    expect(result.latency.serviceMs).toBeGreaterThan(0);
  });

  it('should report a cache write, then a cache read of the same prefix', async () => {
    const { provider } = bedrockOn(await emulate([simulated(sonnet)]));
    const first = await provider.invoke(cachedRequest(sonnet));
    const second = await provider.invoke(cachedRequest(sonnet));
    expect(first.usage.cacheWrite5mTokens).toBeGreaterThan(1024);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage).toMatchObject({ cacheReadTokens: first.usage.cacheWrite5mTokens, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 });
    expect(second.usage.inputTokens).toBe(first.usage.inputTokens);
  });

  it('should stream text deltas, then an end event with usage and token timings', async () => {
    const { provider } = bedrockOn(await emulate([simulated(haiku)]));
    const events = await collect(provider.stream(ask(haiku)));
    const end = events.at(-1);
    if (end?.type !== 'end') throw new Error('no end event');
    const streamed = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    expect(end.result.output.content).toEqual([{ type: 'text', text: streamed }]);
    expect(end.result.usage.outputTokens).toBeGreaterThan(0);
    expect(end.result.usage.inputTokens).toBeGreaterThan(0);
    const { firstTokenMs, lastTokenMs, serviceMs } = end.result.latency;
    expect(firstTokenMs).not.toBeNull();
    expect(lastTokenMs).toBeGreaterThanOrEqual(firstTokenMs as number);
    expect(serviceMs).toBeGreaterThan(0);
    expect(end.result.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should call InvokeModel with an Anthropic body, cache_control included', async () => {
    const { provider } = bedrockOn(await emulate([simulated(sonnet)]));
    const first = await provider.invokeModel(cachedRequest(sonnet));
    const second = await provider.invokeModel(cachedRequest(sonnet));
    expect(first.output.content[0]).toEqual({ type: 'text', text: expect.stringContaining('simulated') });
    expect(first.usage.cacheWrite5mTokens).toBeGreaterThan(1024);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWrite5mTokens);
    expect(first.latency.serviceMs).toBeGreaterThan(0);
    expect((first.raw as { usage: unknown }).usage).toEqual(first.usage.raw);
  });

  it('should count tokens as Converse and as an InvokeModel body, matching what a call bills', async () => {
    const { provider } = bedrockOn(await emulate([simulated(haiku)]));
    const request = ask(haiku, 'How many tokens is this sentence, roughly?');
    const billed = await provider.invoke(request);
    const counted = await provider.countTokens(request);
    expect(counted.inputTokens).toBe(billed.usage.inputTokens);
    expect(counted.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await provider.countTokens(request, { api: 'invoke-model' })).inputTokens).toBeGreaterThan(0);
  });

  it('should retry injected throttling, honouring Retry-After, and record the wait', async () => {
    const emulator = await emulate([simulated(haiku, { sequence: ['throttle', 'throttle'], retryAfterSeconds: 2 })]);
    const { provider, waits } = bedrockOn(emulator);
    const result = await provider.invoke(ask(haiku));
    expect(waits).toEqual([2000, 2000]);
    expect(result.latency).toMatchObject({ attempts: 3, retryWaitMs: 4000 });
  });

  it('should retry 5xx with full-jitter backoff', async () => {
    const { provider, waits } = bedrockOn(await emulate([simulated(haiku, { sequence: ['serverError', 'unavailable'] })]), {
      retry: { baseDelayMs: 100, random: () => 0.25 },
    });
    const result = await provider.invoke(ask(haiku));
    // Windows 100 and 200 ms; a quarter of each.
    expect(waits).toEqual([25, 50]);
    expect(result.latency).toMatchObject({ attempts: 3, retryWaitMs: 75 });
  });

  it('should give up after maxAttempts with a ThrottledError carrying status, request id and attempts', async () => {
    const { provider, waits } = bedrockOn(await emulate([simulated(haiku, { throttleRate: 1 })]), { retry: { maxAttempts: 3, baseDelayMs: 100 } });
    const error = await failure(provider.invoke(ask(haiku)));
    expect(error).toMatchObject({ code: 'THROTTLED', isRetryable: true, status: 429, attempts: 3, retryWaitMs: 150, modelId: haiku });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain('Lower concurrency');
    expect(waits).toEqual([50, 100]);
  });

  it('should not retry a rejected request', async () => {
    const { provider, waits } = bedrockOn(await emulate([simulated(haiku)]));
    const error = await failure(provider.invoke(ask('anthropic.claude-v2:1')));
    expect(error).toMatchObject({ code: 'REQUEST_REJECTED', isRetryable: false, status: 404, attempts: 1 });
    expect(waits).toEqual([]);
  });

  it('should halve the model limiter on injected throttling and still finish every call', async () => {
    const limiters = createAimdLimiterPool({ initialLimit: 4 });
    const { provider } = bedrockOn(await emulate([simulated(haiku, { sequence: ['throttle', 'throttle', 'throttle', 'throttle'] })]), { limiters });
    const results = await Promise.all([1, 2, 3, 4].map((n) => provider.invoke(ask(haiku, `Question ${n}?`))));
    expect(results.map((result) => result.latency.attempts)).toEqual([2, 2, 2, 2]);
    // Four calls throttled together are one congestion signal: 4 → 2, not 4 → 1.
    expect(limiters.forModel(haiku)).toMatchObject({ limit: 2, active: 0, waiting: 0 });
  });

  it('should time out a slow call, retry it, and say so', async () => {
    // 20 s of simulated latency played at 1/100 speed: 200 ms, against a 30 ms timeout.
    const emulator = await emulate([{ id: haiku, latency: { ttftMs: 20_000, tokensPerSecond: 100, jitter: 0 } }], { timeScale: 0.01 });
    const { provider } = bedrockOn(emulator, { timeoutMs: 30, retry: { maxAttempts: 2 } });
    const error = await failure(provider.invoke(ask(haiku)));
    expect(error).toMatchObject({ code: 'TIMEOUT', isRetryable: true, attempts: 2 });
    expect(error.message).toContain('within 30 ms');
  });

  it('should retry a stream throttled before its first event', async () => {
    const { provider, waits } = bedrockOn(await emulate([simulated(haiku, { sequence: ['throttle'] })]));
    const end = (await collect(provider.stream(ask(haiku)))).at(-1);
    expect(end?.type === 'end' && end.result.latency.attempts).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('should keep the text and the (unknown) usage of a stream cut mid-way', async () => {
    const { provider } = bedrockOn(await emulate([simulated(haiku, { sequence: ['cutStream'] })]));
    const stream = provider.stream(ask(haiku));
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of stream) if (event.type === 'text-delta') seen.push(event.text);
      })(),
    );
    expect(error).toMatchObject({ code: 'STREAM_INTERRUPTED', attempts: 1 });
    // Bedrock sends usage only in the final metadata event: a cut stream's usage is unknown, not 0.
    expect(error.usage).toEqual({ inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw: undefined });
    expect(seen.length).toBeGreaterThan(0);
    const snapshot = stream.snapshot();
    expect(snapshot.output).toEqual({ content: [{ type: 'text', text: seen.join('') }], stopReason: 'incomplete', rawStopReason: null });
    expect(snapshot.usage.outputTokens).toBeNull();
  });

  it('should surface a ModelStreamErrorException inside the stream as an interrupted stream', async () => {
    const { provider } = bedrockOn(await emulate([simulated(haiku, { sequence: ['streamError'] })]));
    const error = await failure(collect(provider.stream(ask(haiku))));
    expect(error).toMatchObject({ code: 'STREAM_INTERRUPTED', name: 'StreamInterruptedError' });
    expect(error.message).toContain('simulated');
  });

  it('should cancel the request and free the limiter slot when the caller stops reading', async () => {
    const limiters = createAimdLimiterPool({ initialLimit: 2 });
    const { provider } = bedrockOn(await emulate([simulated(haiku)]), { limiters });
    const stream = provider.stream(ask(haiku));
    for await (const event of stream) {
      if (event.type === 'text-delta') break;
    }
    const snapshot = stream.snapshot();
    expect(snapshot.output.stopReason).toBe('incomplete');
    expect(snapshot.output.content).toEqual([{ type: 'text', text: expect.any(String) }]);
    expect(snapshot.usage.inputTokens).toBeNull();
    expect(limiters.forModel(haiku)).toMatchObject({ active: 0, limit: 2 });
  });

  it('should refuse an injected client that retries on its own', async () => {
    const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const provider = createBedrockProvider({ client });
    await expect(provider.invoke(ask(haiku))).rejects.toThrow(/maxAttempts: 1/);
    await expect(collect(provider.stream(ask(haiku)))).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'client' });
  });
});
