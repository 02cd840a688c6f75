import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, startTestGateway, testKeys } from './testing/start-test-gateway.js';

const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';

describe('frugal gateway end to end (official SDKs → gateway → emulator)', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway();
  });
  afterAll(async () => {
    await test?.close();
  });

  it('serves the openai client with only a base URL change, streaming and not', async () => {
    const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: testKeys.alice, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: haiku, messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 50 });
    expect(reply.choices[0]?.message.content).toContain('simulated');
    expect(reply.usage?.prompt_tokens).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({ model: haiku, messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(10);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('serves the AWS SDK (Converse and ConverseStream) with only an endpoint change', async () => {
    const client = new BedrockRuntimeClient({ endpoint: test.gateway.url, region: 'us-east-1', token: { token: testKeys.bob }, authSchemePreference: ['httpBearerAuth'] });
    const reply = await client.send(new ConverseCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
    expect(reply.output?.message?.content?.[0]?.text).toContain('simulated');
    expect(reply.usage?.inputTokens).toBeGreaterThan(0);
    const streamed = await client.send(new ConverseStreamCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: 'Stream it' }] }] }));
    let text = '';
    let outputTokens = 0;
    for await (const event of streamed.stream ?? []) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      if (event.metadata?.usage?.outputTokens !== undefined) outputTokens = event.metadata.usage.outputTokens;
    }
    expect(text.length).toBeGreaterThan(10);
    expect(outputTokens).toBeGreaterThan(0);
    client.destroy();
  });

  it('writes one ledger row per call', async () => {
    await test.gateway.services.usage.flush();
    const rows = await test.ledger.query.listRequests({ filter: { sources: ['gateway'] } });
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.cost !== null && row.cost > 0)).toBe(true);
    expect(new Set(rows.map((row) => row.callerArn))).toEqual(new Set(['gateway-key:alice', 'gateway-key:bob']));
  });
});
