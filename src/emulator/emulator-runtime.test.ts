import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const haiku35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const haiku3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const decoder = new TextDecoder();

let emulator: RunningEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0, seed: 3 });
  client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

const question = (text: string): ConverseCommandInput['messages'] => [{ role: 'user', content: [{ text }] }];
const path = (modelId: string, operation: string): string => `${emulator.url}/model/${encodeURIComponent(modelId)}/${operation}`;

describe('Converse through the AWS SDK', () => {
  it('answers with Bedrock usage, metrics and the simulated marker', async () => {
    const response = await client.send(new ConverseCommand({ modelId: `us.${haiku35}`, messages: question('Hello there, emulator'), system: [{ text: 'Be brief.' }] }));
    const text = response.output?.message?.content?.[0]?.text ?? '';
    expect(text).toMatch(/^\[simulated reply from Claude 3\.5 Haiku \(simulated\)\]/);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({
      inputTokens: countTokens('Be brief.') + countTokens('Hello there, emulator'),
      outputTokens: countTokens(text),
      totalTokens: countTokens('Be brief.') + countTokens('Hello there, emulator') + countTokens(text),
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    });
    expect(response.metrics?.latencyMs).toBeGreaterThan(0);
    expect(response.additionalModelResponseFields).toEqual({ frugal: { simulated: true, model: haiku35, emulator: 'frugal' } });
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives the same reply to the same request and resolves every id form to the base model', async () => {
    const ids = [haiku35, `global.${haiku35}`, `arn:aws:bedrock:us-east-1::foundation-model/${haiku35}`, `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${haiku35}`, haiku35.replace(/:0$/, '')];
    const texts = await Promise.all(ids.map(async (modelId) => (await client.send(new ConverseCommand({ modelId, messages: question('Same question') }))).output?.message?.content?.[0]?.text));
    expect(new Set(texts).size).toBe(1);
  });

  it('caps the reply at maxTokens with stopReason max_tokens', async () => {
    const response = await client.send(new ConverseCommand({ modelId: haiku35, messages: question('Tell me a long story'), inferenceConfig: { maxTokens: 12 } }));
    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage?.outputTokens).toBeLessThanOrEqual(12);
  });

  it('maps bad requests and unknown models to the named SDK exceptions', async () => {
    await expect(client.send(new ConverseCommand({ modelId: 'anthropic.claude-9-opus', messages: question('hi') }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
      message: expect.stringMatching(/not simulated by this emulator/),
    });
    await expect(client.send(new ConverseCommand({ modelId: haiku35, messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new ConverseCommand({ modelId: haiku35, messages: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('ConverseStream through the AWS SDK', () => {
  it('streams messageStart, deltas, contentBlockStop, messageStop and metadata that the SDK decodes', async () => {
    const messages = question('Stream this please');
    const whole = await client.send(new ConverseCommand({ modelId: haiku35, messages }));
    const response = await client.send(new ConverseStreamCommand({ modelId: `us.${haiku35}`, messages }));
    const kinds: string[] = [];
    let text = '';
    let usage: unknown;
    let latencyMs: number | undefined;
    for await (const event of response.stream ?? []) {
      kinds.push(Object.keys(event).filter((key) => key !== '$unknown')[0] ?? '?');
      text += event.contentBlockDelta?.delta?.text ?? '';
      if (event.metadata !== undefined) {
        usage = event.metadata.usage;
        latencyMs = event.metadata.metrics?.latencyMs;
      }
      if (event.messageStop !== undefined) expect(event.messageStop.additionalModelResponseFields).toMatchObject({ frugal: { simulated: true } });
    }
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(kinds.filter((kind) => kind === 'contentBlockDelta').length).toBeGreaterThan(3);
    expect(text).toBe(whole.output?.message?.content?.[0]?.text);
    expect(usage).toEqual(whole.usage);
    // Latency jitter is drawn per occurrence of a request, so a repeat need not take as long.
    expect(latencyMs).toBeGreaterThan(0);
  });
});

describe('InvokeModel through the AWS SDK', () => {
  const anthropicBody = (text: string) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: text }] });

  it('answers an Anthropic Messages body with snake_case usage', async () => {
    const response = await client.send(new InvokeModelCommand({ modelId: `us.${haiku35}`, contentType: 'application/json', accept: 'application/json', body: anthropicBody('Invoke me') }));
    const body = JSON.parse(decoder.decode(response.body)) as Record<string, unknown> & { content: { type: string; text: string }[] };
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-3-5-haiku-20241022',
      stop_reason: 'end_turn',
      usage: { input_tokens: countTokens('Be brief.') + countTokens('Invoke me'), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      frugal: { simulated: true },
    });
    expect((body['usage'] as { output_tokens: number }).output_tokens).toBe(countTokens(body.content[0]?.text ?? ''));
    expect(response.contentType).toBe('application/json');
  });

  it('rejects a body without anthropic_version', async () => {
    await expect(
      client.send(new InvokeModelCommand({ modelId: haiku35, body: JSON.stringify({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }) })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/anthropic_version/) });
  });

  it('speaks the Nova, Llama and Mistral native bodies', async () => {
    const nova = await client.send(new InvokeModelCommand({ modelId: 'us.amazon.nova-lite-v1:0', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Nova?' }] }], inferenceConfig: { maxTokens: 50 } }) }));
    expect(JSON.parse(decoder.decode(nova.body))).toMatchObject({ output: { message: { role: 'assistant' } }, usage: { inputTokens: countTokens('Nova?'), cacheReadInputTokenCount: 0 } });
    const llama = await client.send(new InvokeModelCommand({ modelId: 'meta.llama3-1-8b-instruct-v1:0', body: JSON.stringify({ prompt: 'Llama?', max_gen_len: 20 }) }));
    expect(JSON.parse(decoder.decode(llama.body))).toMatchObject({ prompt_token_count: countTokens('Llama?'), stop_reason: expect.stringMatching(/^(stop|length)$/) });
    const mistral = await client.send(new InvokeModelCommand({ modelId: 'mistral.mistral-7b-instruct-v0:2', body: JSON.stringify({ prompt: '<s>[INST] Mistral? [/INST]' }) }));
    expect(JSON.parse(decoder.decode(mistral.body))).toMatchObject({ outputs: [{ stop_reason: 'stop' }] });
  });

  it('streams Anthropic chunks with invocation metrics on the last one', async () => {
    const request = { modelId: haiku35, body: anthropicBody('Stream the invoke') };
    const whole = JSON.parse(decoder.decode((await client.send(new InvokeModelCommand(request))).body)) as { content: { text: string }[]; usage: Record<string, number> };
    const response = await client.send(new InvokeModelWithResponseStreamCommand(request));
    const chunks: Record<string, unknown>[] = [];
    for await (const event of response.body ?? []) {
      if (event.chunk?.bytes !== undefined) chunks.push(JSON.parse(decoder.decode(event.chunk.bytes)) as Record<string, unknown>);
    }
    expect(chunks.map((chunk) => chunk['type'])).toEqual(['message_start', 'content_block_start', ...Array<string>(chunks.length - 5).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    const text = chunks.map((chunk) => (chunk['delta'] as { text?: string } | undefined)?.text ?? '').join('');
    expect(text).toBe(whole.content[0]?.text);
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ inputTokenCount: whole.usage['input_tokens'], outputTokenCount: whole.usage['output_tokens'] });
    expect(response.contentType).toBe('application/json');
  });
});

describe('CountTokens through the AWS SDK', () => {
  it('counts converse and invokeModel inputs as the billed input', async () => {
    const messages = question('How many tokens is this?');
    const system = [{ text: 'You count.' }];
    const converse = await client.send(new CountTokensCommand({ modelId: haiku35, input: { converse: { messages, system } } }));
    const billed = await client.send(new ConverseCommand({ modelId: haiku35, messages, system }));
    expect(converse.inputTokens).toBe(billed.usage?.inputTokens);
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, system: 'You count.', messages: [{ role: 'user', content: 'How many tokens is this?' }] }));
    const invoke = await client.send(new CountTokensCommand({ modelId: haiku35, input: { invokeModel: { body } } }));
    expect(invoke.inputTokens).toBe(converse.inputTokens);
  });

  it('refuses models and ids Bedrock does not count', async () => {
    const input = { converse: { messages: question('x') } };
    await expect(client.send(new CountTokensCommand({ modelId: 'amazon.nova-lite-v1:0', input }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/doesn't support counting tokens/) });
    await expect(client.send(new CountTokensCommand({ modelId: `us.${haiku35}`, input }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/not an inference profile/) });
  });
});

describe('the wire format over HTTP/1.1 (AWS CLI, curl, fetch)', () => {
  it('marks every response as simulated and carries a request id', async () => {
    const response = await fetch(path(haiku3, 'converse'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: question('raw') }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frugal-simulated')).toBe('true');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const stream = await fetch(path(haiku3, 'converse-stream'), { method: 'POST', body: JSON.stringify({ messages: question('raw stream') }) });
    expect(stream.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(stream.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(stream.headers.get('x-frugal-simulated')).toBe('true');
    expect((await stream.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('answers errors with status, x-amzn-ErrorType and a JSON message', async () => {
    const response = await fetch(path(haiku3, 'converse'), { method: 'POST', body: '{not json' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ message: expect.stringMatching(/not valid JSON/) });
    const unknown = await fetch(`${emulator.url}/model/${haiku3}/explode`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
  });

  it('reports InvokeModel token counts in Bedrock headers', async () => {
    const response = await fetch(path(haiku3, 'invoke'), {
      method: 'POST',
      headers: { 'x-amzn-bedrock-service-tier': 'flex' },
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 20, messages: [{ role: 'user', content: 'count me' }] }),
    });
    expect(response.headers.get('x-amzn-bedrock-input-token-count')).toBe(String(countTokens('count me')));
    expect(Number(response.headers.get('x-amzn-bedrock-output-token-count'))).toBeGreaterThan(0);
    expect(response.headers.get('x-amzn-bedrock-service-tier')).toBe('flex');
  });
});
