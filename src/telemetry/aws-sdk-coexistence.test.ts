import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { createAsyncContextManager } from './create-async-context-manager.js';
import { createTestTelemetry } from './testing/create-test-telemetry.js';

/**
 * frugal's spans beside the OpenTelemetry AWS SDK instrumentation. The instrumentation patches the
 * SDK when it is first required, so everything that loads the SDK is imported after it is enabled.
 */
const test = createTestTelemetry();
const manager = createAsyncContextManager();
context.setGlobalContextManager(manager);
const unregister = registerInstrumentations({ instrumentations: [new AwsInstrumentation()], tracerProvider: test.tracerProvider, meterProvider: test.meterProvider });

const client = await import('../client/index.js');
const telemetryModule = await import('./create-gen-ai-telemetry.js');
const testing = await import('../client/testing/start-pipeline-emulator.js');
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await testing.startPipelineEmulator();
});
afterAll(async () => {
  await emulator.close();
  unregister();
  context.disable();
  await test.shutdown();
});

const request = { modelId: testing.topModel, messages: [{ role: 'user' as const, content: [{ text: 'Hello?' }] }] };
const genAi = (spans: readonly ReadableSpan[]) => spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined);
const scopeOf = (span: ReadableSpan): string => span.instrumentationScope.name;
const awsScope = '@opentelemetry/instrumentation-aws-sdk';

function pipelineWith(sdkInstrumentation: 'suppress' | 'nest') {
  return client.createPipeline({ provider: testing.emulatorProvider(emulator), telemetry: telemetryModule.createGenAiTelemetry({ tracer: test.tracer, meter: test.meter, sdkInstrumentation }) });
}

describe('beside @opentelemetry/instrumentation-aws-sdk', () => {
  it('the instrumentation is active: a direct SDK call gets its GenAI span', async () => {
    test.exporter.reset();
    await context.with(ROOT_CONTEXT, () => testing.emulatorProvider(emulator).invoke(request));
    const spans = genAi(test.spans());
    expect(spans).toHaveLength(1);
    expect(scopeOf(spans[0] as ReadableSpan)).toBe(awsScope);
  });

  it('suppress (default): one GenAI span per call, frugal’s, for invoke and stream, and no SDK token metrics', async () => {
    test.exporter.reset();
    const pipeline = pipelineWith('suppress');
    await pipeline.invoke(request);
    for await (const event of pipeline.stream(request)) void event;
    const spans = genAi(test.spans());
    expect(spans.map((span) => [span.name, scopeOf(span)])).toEqual([
      [`chat ${testing.topModel}`, 'frugal-test'],
      [`chat ${testing.topModel}`, 'frugal-test'],
    ]);
    expect(test.spans().filter((span) => scopeOf(span) === awsScope)).toEqual([]);
    // The instrumentation recorded tokens for the direct call above only; frugal's calls counted once, by frugal.
    const points = await test.histogram('gen_ai.client.token.usage');
    const bySystem = points.filter((point) => point.attributes['gen_ai.system'] === 'aws.bedrock' && point.attributes['gen_ai.token.type'] === 'input');
    expect(bySystem.reduce((sum, point) => sum + point.value.count, 0)).toBe(1);
  });

  it('nest: the SDK span is a child of frugal’s call span in the same trace', async () => {
    test.exporter.reset();
    await pipelineWith('nest').invoke(request);
    const ours = test.spans().find((span) => scopeOf(span) === 'frugal-test');
    const sdk = test.spans().find((span) => scopeOf(span) === awsScope);
    expect(ours).toBeDefined();
    expect(sdk?.parentSpanContext?.spanId).toBe(ours?.spanContext().spanId);
    expect(sdk?.spanContext().traceId).toBe(ours?.spanContext().traceId);
  });
});
