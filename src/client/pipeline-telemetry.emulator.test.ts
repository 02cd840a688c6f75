import { SpanKind, type Tracer } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { createRouter, createValidators } from '../route/index.js';
import { createGenAiTelemetry, OPERATION_DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '../telemetry/index.js';
import { createTestTelemetry, type TestTelemetry } from '../telemetry/testing/create-test-telemetry.js';
import { createPipeline } from './create-pipeline.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { PipelineOptions } from './pipeline-options.js';
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

const secret = 'The customer account number is 99-1234.';
const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({ modelId: topModel, messages: [{ role: 'user', content: [{ text }] }], ...extra });

function setup(test: TestTelemetry, overrides: Partial<PipelineOptions> = {}, telemetry: { captureContent?: boolean } = {}) {
  const rows: UsageRow[] = [];
  const warnings: string[] = [];
  const logger: PipelineLogger = { warn: (message) => warnings.push(message) };
  const pipeline = createPipeline({
    provider: emulatorProvider(emulator),
    catalog,
    region: 'us-east-1',
    usageSink: createCallbackUsageSink((written) => {
      rows.push(...written);
    }),
    telemetry: createGenAiTelemetry({ tracer: test.tracer, meter: test.meter, ...telemetry }),
    logger,
    ...overrides,
  });
  return { pipeline, rows, warnings };
}

const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

describe('pipeline telemetry', () => {
  it('records one CLIENT span per call with GenAI attributes, input tokens including cache, and cost', async () => {
    const test = createTestTelemetry();
    const { pipeline } = setup(test);
    const system = [{ text: textOf(1500, 'manual') }];
    await pipeline.invoke(ask('First?', { system }), { task: 'support', conversationId: 'conv-1' });
    const second = await pipeline.invoke(ask('Second?', { system, inferenceConfig: { maxTokens: 64, temperature: 0.2 } }), { task: 'support' });
    const spans = test.spans();
    expect(spans.map((span) => span.name)).toEqual([`chat ${topModel}`, `chat ${topModel}`]);
    const span = spans[1] as ReadableSpan;
    expect(span.kind).toBe(SpanKind.CLIENT);
    const usage = second.usage;
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': topModel,
      'gen_ai.response.model': topModel,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.usage.input_tokens': (usage.inputTokens ?? 0) + (usage.cacheReadTokens ?? 0) + (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0),
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': usage.cacheReadTokens,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'frugal.cost.usd': second.cost.total,
      'gen_ai.usage.cost': second.cost.total,
      'task.type': 'support',
      'frugal.cache.points': 1,
      'frugal.cache.hit': true,
      'frugal.attempt.outcome': 'accepted',
      'frugal.request.id': second.requestId,
    });
    expect(usage.cacheReadTokens).toBeGreaterThan(1024);
    expect(spans[0]?.attributes['gen_ai.conversation.id']).toBe('conv-1');
    expect(spans[0]?.attributes['gen_ai.usage.cache_creation.input_tokens']).toBeGreaterThan(1024);
    // Content stays out unless asked for.
    expect(Object.keys(span.attributes).filter((key) => key.includes('messages') || key.includes('instructions'))).toEqual([]);

    const tokens = await test.histogram('gen_ai.client.token.usage');
    const input = tokens.find((point) => point.attributes['gen_ai.token.type'] === 'input');
    expect(input?.value.count).toBe(2);
    expect(input?.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(input?.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': topModel, 'gen_ai.response.model': topModel });
    const duration = await test.histogram('gen_ai.client.operation.duration');
    expect(duration[0]?.value.buckets.boundaries).toEqual(OPERATION_DURATION_BUCKETS);
    expect(duration[0]?.value.count).toBe(2);
    await test.shutdown();
  });

  it('puts a cascade under one frugal.cascade span with a child per attempt', async () => {
    const test = createTestTelemetry();
    const router = createRouter({ tiers: [cheapModel, topModel], defaultTier: 1, pinning: false, rules: [{ name: 'summaries', when: { task: ['summarise'] }, tier: 1, cascade: true, overridePin: false }] });
    const { pipeline } = setup(test, { router, validators: createValidators(), maxOutputTokens: { default: 150 } });
    const result = await pipeline.invoke(ask('Summarise our refund policy.'), { task: 'summarise' });
    const [parent] = byName(test.spans(), 'frugal.cascade');
    const children = test.spans().filter((span) => span.name.startsWith('chat '));
    expect(parent?.kind).toBe(SpanKind.INTERNAL);
    expect(parent?.attributes).toMatchObject({ 'frugal.cascade.outcome': 'accepted', 'frugal.cascade.escalations': 1, 'frugal.cascade.attempts': 2, 'frugal.cascade.final_model': topModel, 'frugal.route.rule': 'summaries', 'task.type': 'summarise' });
    expect(parent?.attributes['frugal.cascade.cost.usd']).toBeCloseTo(result.totalCostUsd as number, 15);
    expect(parent?.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(children.map((span) => [span.name, span.attributes['frugal.attempt.outcome'], span.attributes['frugal.validation.failure'] ?? null, span.parentSpanContext?.spanId])).toEqual([
      [`chat ${cheapModel}`, 'escalated', 'truncated', parent?.spanContext().spanId],
      [`chat ${topModel}`, 'accepted', null, parent?.spanContext().spanId],
    ]);
    expect(children.map((span) => span.attributes['frugal.cost.usd'])).toEqual(result.attempts.map((attempt) => attempt.costUsd));
    await test.shutdown();
  });

  it('ends the span and records the billed call when a stream consumer breaks early', async () => {
    const test = createTestTelemetry();
    const { pipeline, rows } = setup(test);
    const stream = pipeline.stream(ask('Write a long story about the sea.', { inferenceConfig: { maxTokens: 400 } }));
    for await (const event of stream) {
      if (event.type === 'text-delta') break;
    }
    const [span] = test.spans();
    expect(span?.ended).toBe(true);
    expect(span?.attributes).toMatchObject({ 'frugal.attempt.outcome': 'error', 'error.type': 'PROVIDER_ERROR', 'frugal.stream': true });
    await expect(stream.result).rejects.toMatchObject({ name: 'PipelineError' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ operation: 'ConverseStream', rawModelId: topModel });
    await test.shutdown();
  });

  it('records time to first chunk on streams and replays a hidden cascade answer that was accepted', async () => {
    const test = createTestTelemetry();
    const router = createRouter({ tiers: [cheapModel, topModel], defaultTier: 1, pinning: false, rules: [{ name: 'all', when: {}, tier: 1, cascade: true, overridePin: false }] });
    const { pipeline } = setup(test, { router, validators: createValidators() });
    const events = [];
    for await (const event of pipeline.stream(ask('Name a colour.', { inferenceConfig: { maxTokens: 2000 } }))) events.push(event);
    expect(events.map((event) => event.type)).toEqual(['start', 'text-delta', 'end']);
    expect(events[0]).toMatchObject({ modelId: cheapModel, tier: 1 });
    const direct = createPipeline({ provider: emulatorProvider(emulator), catalog, telemetry: createGenAiTelemetry({ tracer: test.tracer, meter: test.meter }) });
    for await (const event of direct.stream(ask('Name a colour.'))) void event;
    const ttft = await test.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(ttft[0]?.value.count).toBe(1);
    const streamed = test.spans().find((span) => span.attributes['frugal.stream'] === true && span.attributes['gen_ai.response.time_to_first_chunk'] !== undefined);
    expect(streamed).toBeDefined();
    await test.shutdown();
  });

  it('records prompts and answers only with captureContent', async () => {
    const test = createTestTelemetry();
    const { pipeline, rows } = setup(test, { captureContent: true }, { captureContent: true });
    await pipeline.invoke(ask(secret, { system: [{ text: 'You are terse.' }] }));
    const [span] = test.spans();
    expect(JSON.parse(span?.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: secret }] }]);
    expect(JSON.parse(span?.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'You are terse.' }]);
    expect(JSON.parse(span?.attributes['gen_ai.output.messages'] as string)[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    expect(rows[0]?.requestPreview).toBe(secret);

    const quiet = createTestTelemetry();
    const { pipeline: defaults, rows: quietRows } = setup(quiet);
    await defaults.invoke(ask(secret));
    expect(JSON.stringify(quiet.spans().map((each) => each.attributes))).not.toContain('99-1234');
    expect(JSON.stringify(quietRows)).not.toContain('99-1234');
    await Promise.all([test.shutdown(), quiet.shutdown()]);
  });

  it('never lets a throwing exporter, tracer or usage sink reach the caller', async () => {
    const throwing: SpanExporter = {
      export(_spans: ReadableSpan[], _done: (result: ExportResult) => void) {
        throw new Error('collector down');
      },
      shutdown: () => Promise.resolve(),
    };
    const test = createTestTelemetry([throwing]);
    const { pipeline, warnings } = setup(test, {
      usageSink: {
        write() {
          throw new Error('ledger down');
        },
      },
    });
    const result = await pipeline.invoke(ask('Still answered?'));
    expect(result.outcome).toBe('accepted');
    expect(warnings).toContain('the usage sink failed to write');

    const rejecting = setup(test, { usageSink: { write: () => Promise.reject(new Error('ledger down')) } });
    await rejecting.pipeline.invoke(ask('Still answered?'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejecting.warnings).toContain('the usage sink failed to write');

    const brokenTracer = { startSpan: () => { throw new Error('tracer broken'); }, startActiveSpan: () => { throw new Error('tracer broken'); } } as unknown as Tracer;
    const broken = createPipeline({ provider: emulatorProvider(emulator), catalog, telemetry: createGenAiTelemetry({ tracer: brokenTracer, meter: test.meter, logger: { warn: () => undefined } }) });
    expect((await broken.invoke(ask('Still answered?'))).outcome).toBe('accepted');
    for await (const event of broken.stream(ask('Still streamed?'))) void event;
    await test.shutdown();
  });
});
