import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenAiTelemetry } from '../telemetry/index.js';
import { createTestTelemetry, type TestTelemetry } from '../telemetry/testing/create-test-telemetry.js';
import { type TestGateway, startTestGateway, testKeys } from './testing/start-test-gateway.js';

const micro = 'amazon.nova-micro-v1:0';
const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('gateway telemetry: the ledger and the OpenTelemetry spans show the same calls and costs', () => {
  let test: TestGateway;
  let telemetry: TestTelemetry;
  beforeAll(async () => {
    telemetry = createTestTelemetry();
    test = await startTestGateway((config) => ({ ...config, routes: [{ name: 'ladder', tiers: [micro, haiku], default: 1 }] }), {
      gateway: { telemetry: createGenAiTelemetry({ tracer: telemetry.tracer, meter: telemetry.meter }) },
    });
  });
  afterAll(async () => {
    await test?.close();
    await telemetry?.shutdown();
  });

  it('one CLIENT span per ledger row, with the same model, tokens and cost', async () => {
    const openai = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: testKeys.alice, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'ladder', messages: [{ role: 'user', content: 'Hello' }] });
    for await (const _ of await openai.chat.completions.create({ model: haiku, stream: true, messages: [{ role: 'user', content: 'Stream' }] })) void _;
    const bedrock = new BedrockRuntimeClient({ endpoint: test.gateway.url, region: 'us-east-1', token: { token: testKeys.bob }, authSchemePreference: ['httpBearerAuth'] });
    const streamed = await bedrock.send(new ConverseStreamCommand({ modelId: micro, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
    for await (const _ of streamed.stream ?? []) void _;
    bedrock.destroy();

    await test.gateway.services.usage.flush();
    const rows = await test.ledger.query.listRequests({ filter: { sources: ['gateway'] } });
    const spans = telemetry.spans().filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(rows).toHaveLength(3);
    expect(spans).toHaveLength(3);
    const key = (model: unknown, output: unknown, cost: unknown): string => `${String(model)}|${String(output)}|${Number(cost).toFixed(12)}`;
    expect(new Set(spans.map((span) => key(span.attributes['gen_ai.response.model'], span.attributes['gen_ai.usage.output_tokens'], span.attributes['frugal.cost.usd'])))).toEqual(
      new Set(rows.map((row) => key(row.rawModelId, row.outputTokens, row.cost))),
    );
    // Spans and rows name the same request ids and virtual keys.
    expect(new Set(spans.map((span) => span.attributes['frugal.request.id']))).toEqual(new Set(rows.map((row) => row.metadata['frugal_request_id'])));
  });
});
