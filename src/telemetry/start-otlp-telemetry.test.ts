import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../client/index.js';
import { emulatorProvider, startPipelineEmulator, textOf, topModel } from '../client/testing/start-pipeline-emulator.js';
import type { RunningEmulator } from '../emulator/index.js';
import { createGenAiTelemetry } from './create-gen-ai-telemetry.js';
import { startOtlpTelemetry } from './start-otlp-telemetry.js';

/** A tiny OTLP/HTTP receiver on loopback: keeps every JSON body posted to it, by path. */
interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values: OtlpValue[] } };
type OtlpAttribute = { key: string; value: OtlpValue };

const plain = (value: OtlpValue): unknown =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue ?? value.arrayValue?.values.map(plain);
const attributesOf = (list: readonly OtlpAttribute[]): Record<string, unknown> => Object.fromEntries(list.map((attribute) => [attribute.key, plain(attribute.value)]));

let receiver: Server;
let endpoint: string;
const received: Received[] = [];
let emulator: RunningEmulator;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  emulator = await startPipelineEmulator();
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('startOtlpTelemetry', () => {
  it('exports the call span and the GenAI metrics over OTLP/HTTP JSON to a collector on loopback', async () => {
    const otlp = startOtlpTelemetry({ endpoint, serviceName: 'frugal-test', headers: { 'x-team': 'platform' } });
    const pipeline = createPipeline({ provider: emulatorProvider(emulator), region: 'us-east-1', telemetry: createGenAiTelemetry({ tracer: otlp.tracer, meter: otlp.meter }) });
    const system = [{ text: textOf(1200, 'rules') }];
    await pipeline.invoke({ modelId: topModel, system, messages: [{ role: 'user', content: [{ text: 'One?' }] }] }, { task: 'triage' });
    const result = await pipeline.invoke({ modelId: topModel, system, messages: [{ role: 'user', content: [{ text: 'Two?' }] }] }, { task: 'triage' });
    await otlp.forceFlush();
    await otlp.shutdown();

    const traces = received.filter((each) => each.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    expect(traces[0]?.contentType).toBe('application/json');
    const resourceSpans = traces.flatMap((each) => (each.body as { resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: { name: string; kind: number; attributes: OtlpAttribute[] }[] }[] }[] }).resourceSpans);
    expect(attributesOf(resourceSpans[0]?.resource.attributes ?? [])['service.name']).toBe('frugal-test');
    const spans = resourceSpans.flatMap((each) => each.scopeSpans.flatMap((scope) => scope.spans));
    expect(spans.map((span) => span.name)).toEqual([`chat ${topModel}`, `chat ${topModel}`]);
    const second = attributesOf(spans[1]?.attributes ?? []);
    const usage = result.usage;
    expect(spans[1]?.kind).toBe(3); // SPAN_KIND_CLIENT in OTLP
    expect(second).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': topModel,
      'gen_ai.response.model': topModel,
      'gen_ai.usage.input_tokens': (usage.inputTokens ?? 0) + (usage.cacheReadTokens ?? 0),
      'gen_ai.usage.cache_read.input_tokens': usage.cacheReadTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'task.type': 'triage',
    });
    expect(second['frugal.cost.usd']).toBeCloseTo(result.cost.total as number, 15);

    const metrics = received.filter((each) => each.path === '/v1/metrics');
    const names = metrics.flatMap((each) =>
      (each.body as { resourceMetrics: { scopeMetrics: { metrics: { name: string }[] }[] }[] }).resourceMetrics.flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.name))),
    );
    expect(names).toEqual(expect.arrayContaining(['gen_ai.client.token.usage', 'gen_ai.client.operation.duration', 'frugal.client.cost']));
  });
});
