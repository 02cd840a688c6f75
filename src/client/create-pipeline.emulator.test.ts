import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import type { ModelRequest, ModelResult } from '../providers/index.js';
import { createRouter, createValidators } from '../route/index.js';
import { createGenAiTelemetry } from '../telemetry/index.js';
import { createTestTelemetry } from '../telemetry/testing/create-test-telemetry.js';
import { createPipeline } from './create-pipeline.js';
import type { PipelineOptions } from './pipeline-options.js';
import { silentPipelineLogger } from './pipeline-logger.js';
import { cheapModel, emulatorProvider, startPipelineEmulator, textOf, topModel } from './testing/start-pipeline-emulator.js';
import { createCallbackUsageSink } from './usage-sink.js';

const catalog = createPricingCatalog();
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startPipelineEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({ modelId: 'routed', messages: [{ role: 'user', content: [{ text }] }], ...extra });

const textOfAnswer = (result: ModelResult): string => result.output.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

/** A pipeline with a two-tier router (classification → cheap, the rest → top), rows collected. */
function setup(overrides: Partial<PipelineOptions> = {}) {
  const rows: UsageRow[] = [];
  const telemetry = createTestTelemetry();
  const router = createRouter({
    tiers: [cheapModel, topModel],
    defaultTier: 2,
    pinning: false,
    rules: [
      { name: 'labels', when: { task: ['classify'] }, tier: 1, cascade: false, overridePin: false },
      { name: 'summaries', when: { task: ['summarise'] }, tier: 1, cascade: true, overridePin: false },
    ],
  });
  const pipeline = createPipeline({
    provider: emulatorProvider(emulator),
    catalog,
    region: 'us-east-1',
    router,
    validators: createValidators(),
    usageSink: createCallbackUsageSink((written) => {
      rows.push(...written);
    }),
    telemetry: createGenAiTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter }),
    logger: silentPipelineLogger,
    ...overrides,
  });
  return { pipeline, rows, telemetry };
}

/** What priceUsage says the row's tokens cost: the ledger must hold exactly that. */
function catalogCost(row: UsageRow): number | null {
  return priceUsage(
    { model: row.rawModelId, region: 'us-east-1', mode: row.mode, inputTokens: row.inputTokens, cacheReadTokens: row.cacheReadTokens, cacheWrite5mTokens: row.cacheWrite5mTokens, cacheWrite1hTokens: row.cacheWrite1hTokens, outputTokens: row.outputTokens, time: row.usageStart },
    catalog,
  ).total;
}

describe('createPipeline against frugal emulator', () => {
  it('routes by rule to the cheap tier and by default to the top tier', async () => {
    const { pipeline } = setup();
    const cheap = await pipeline.invoke(ask('Is this a refund request? Answer yes or no.'), { task: 'classify' });
    expect(cheap.decision).toMatchObject({ tier: 1, policy: 'rules', rule: 'labels', modelId: cheapModel });
    expect(cheap.result.modelId).toBe(cheapModel);
    expect(cheap.attempts).toHaveLength(1);
    const top = await pipeline.invoke(ask('Draft a reply to this complaint.'));
    expect(top.decision).toMatchObject({ tier: 2, policy: 'default' });
    expect(top.result.modelId).toBe(topModel);
    expect(top.attempts[0]).toMatchObject({ tier: 2, outcome: 'accepted', requestedModelId: topModel });
  });

  it('has a request’s rows in the sink when it settles: an answered call’s when invoke returns, a stream’s by its end event', async () => {
    const { pipeline, rows } = setup();
    const answered = await pipeline.invoke(ask('Draft a reply to this complaint.'));
    expect(rows.map((row) => row.requestId)).toEqual([answered.attempts[0]?.providerRequestId]);
    const atEnd: number[] = [];
    for await (const event of pipeline.stream(ask('Draft another reply.'))) if (event.type === 'end') atEnd.push(rows.length, event.result.attempts.length);
    expect(atEnd).toEqual([2, 1]);
    expect(rows[1]?.requestId).not.toBe(rows[0]?.requestId);
  });

  it('hands the answer to onAnswer before the call is priced, traced and recorded, and the result still carries all of it', async () => {
    const { pipeline, rows, telemetry } = setup();
    const seen: { text: string; spans: number; rows: number }[] = [];
    const onAnswer = (answer: ModelResult): void => void seen.push({ text: textOfAnswer(answer), spans: telemetry.spans().length, rows: rows.length });
    // One call, nothing to validate: the answer is final when it arrives.
    const single = await pipeline.invoke(ask('Draft a reply to this complaint.'), { onAnswer });
    expect(seen).toEqual([{ text: textOfAnswer(single.result), spans: 0, rows: 0 }]);
    expect(single.cost.total).toBeGreaterThan(0);
    expect(rows).toHaveLength(1);
    expect(telemetry.spans().length).toBeGreaterThan(0);
    // A cascade: only the accepted answer, once, before its bookkeeping.
    const spansBefore = telemetry.spans().length;
    const cascaded = await pipeline.invoke(ask('Summarise this thread in one line.'), { task: 'summarise', onAnswer });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ text: textOfAnswer(cascaded.result), spans: spansBefore, rows: 1 });
    // A throwing callback is logged; the request goes on.
    const survived = await pipeline.invoke(ask('Draft another reply.'), {
      onAnswer: () => {
        throw new Error('boom');
      },
    });
    expect(survived.outcome).toBe('accepted');
    await expect(pipeline.invoke(ask('x'), { onAnswer: 'not a function' as never })).rejects.toThrow(/onAnswer must be a function/);
  });

  it('places a cache point after a long system prompt and reads it on the second call', async () => {
    const { pipeline, rows } = setup();
    const system = [{ text: textOf(1500, 'handbook') }];
    const first = await pipeline.invoke(ask('First question?', { system }));
    expect(first.cachePoints).toEqual([expect.objectContaining({ section: 'system', ttl: '5m' })]);
    expect(first.usage.cacheWrite5mTokens).toBeGreaterThan(1024);
    const second = await pipeline.invoke(ask('Second question?', { system }));
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWrite5mTokens);
    expect(second.cost.total).toBeLessThan(first.cost.total as number);
    expect(rows.map((row) => row.cacheHit)).toEqual([false, true]);
    expect(rows[1]?.cachePoints).toBe(1);
    // A short prompt stays below the model's minimum: no cache point, nothing to write.
    const short = await pipeline.invoke(ask('Hi', { system: [{ text: 'Be brief.' }] }));
    expect(short.cachePoints).toEqual([]);
    expect(short.usage.cacheWrite5mTokens).toBe(0);
  });

  it('caps output with the per-task limit when the request sets none, and keeps a caller’s own cap', async () => {
    const { pipeline } = setup({ maxOutputTokens: { default: 500, tasks: { classify: 12 } } });
    const capped = await pipeline.invoke(ask('Which queue does this ticket belong to?'), { task: 'classify' });
    expect(capped.maxTokens).toBe(12);
    expect(capped.usage.outputTokens).toBeLessThanOrEqual(12);
    expect(capped.result.output.stopReason).toBe('length');
    const own = await pipeline.invoke(ask('Which queue?', { inferenceConfig: { maxTokens: 30 } }), { task: 'classify' });
    expect(own.maxTokens).toBe(30);
    const clamped = await createPipeline({ provider: emulatorProvider(emulator), catalog, maxOutputTokens: { default: 20, mode: 'clamp' }, logger: silentPipelineLogger }).invoke(ask('Which queue?', { modelId: topModel, inferenceConfig: { maxTokens: 4000 } }));
    expect(clamped.maxTokens).toBe(20);
  });

  it('escalates a truncated cheap answer, costs both attempts, and writes one row per call at priceUsage cost', async () => {
    const { pipeline, rows } = setup({ maxOutputTokens: { tasks: { summarise: 150 } } });
    const result = await pipeline.invoke(ask('Summarise our refund policy for a customer.'), { task: 'summarise', team: 'support', apiKeyId: 'key-1', metadata: { ticket: 'T-1' } });
    expect(result).toMatchObject({ outcome: 'accepted', escalations: 1 });
    expect(result.attempts.map((attempt) => [attempt.tier, attempt.requestedModelId, attempt.outcome, attempt.failure ?? null])).toEqual([
      [1, cheapModel, 'escalated', 'truncated'],
      [2, topModel, 'accepted', null],
    ]);
    const [first, second] = result.attempts;
    expect(first?.costUsd).toBeGreaterThan(0);
    expect(second?.costUsd).toBeGreaterThan(0);
    expect(result.totalCostUsd).toBeCloseTo((first?.costUsd ?? 0) + (second?.costUsd ?? 0), 15);
    expect(rows).toHaveLength(2);
    for (const [index, row] of rows.entries()) {
      expect(row.cost).toBeCloseTo(catalogCost(row) as number, 15);
      expect(row.cost).toBeCloseTo(result.attempts[index]?.costUsd as number, 15);
    }
    expect(rows[0]).toMatchObject({ source: 'gateway', task: 'summarise', taskSource: 'explicit', team: 'support', rawModelId: cheapModel, maxTokens: 150, outputTokens: 150, pricingStatus: 'priced', requestPreview: null, responsePreview: null });
    expect(rows[0]?.metadata).toMatchObject({ task: 'summarise', team: 'support', ticket: 'T-1', frugal_api_key: 'key-1', frugal_request_id: result.requestId });
    expect(rows[0]?.routeDecision).toContain('escalated (truncated)');
    expect(new Set(rows.map((row) => row.requestId)).size).toBe(2);
  });

  it('streams the top tier live and hides a cascade attempt until it is accepted', async () => {
    const { pipeline, rows } = setup({ maxOutputTokens: { tasks: { summarise: 150 } } });
    const events = [];
    for await (const event of pipeline.stream(ask('Draft a reply to this complaint.'))) events.push(event);
    expect(events[0]).toMatchObject({ type: 'start', modelId: topModel, tier: 2 });
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    const end = events[events.length - 1];
    expect(end?.type).toBe('end');
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    if (end?.type === 'end') {
      expect(text).toBe(end.result.result.output.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));
      expect(end.result.attempts[0]?.streamed).toBe(true);
      expect(end.result.attempts[0]?.ttftMs).not.toBeNull();
    }
    expect(rows[0]).toMatchObject({ operation: 'ConverseStream', rawModelId: topModel });

    const cascade = pipeline.stream(ask('Summarise our refund policy for a customer.'), { task: 'summarise' });
    const seen = [];
    for await (const event of cascade) seen.push(event.type);
    const result = await cascade.result;
    // The cheap tier's truncated answer never reached the caller; the top tier's did, live.
    expect(result.attempts.map((attempt) => [attempt.outcome, attempt.streamed])).toEqual([
      ['escalated', false],
      ['accepted', true],
    ]);
    expect(seen.filter((type) => type === 'start')).toHaveLength(1);
  });
});

describe('createPipeline options', () => {
  it('names a bad option at start-up', () => {
    const provider = emulatorProvider(emulator);
    expect(() => createPipeline({ provider, maxOutputTokens: { default: -1 } })).toThrow(/maxOutputTokens\.default/);
    expect(() => createPipeline({ provider, serviceTier: 'cheap' as never })).toThrow(/serviceTier/);
    expect(() => createPipeline({ provider, cache: { ttl: '2h' as never } })).toThrow(/cache/);
    expect(() => createPipeline({} as PipelineOptions)).toThrow(/needs a provider/);
  });

  it('refuses a misspelt request context field', async () => {
    const { pipeline } = setup();
    await expect(pipeline.invoke(ask('Hi'), { taks: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('taks') });
  });
});
