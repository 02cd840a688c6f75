import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ConverseStreamCommand,
  type ConverseStreamMetadataEvent,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const account = '111122223333';
const claudeRouter = `arn:aws:bedrock:us-east-1:${account}:default-prompt-router/anthropic.claude:1`;
const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
const sonnet = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const profileArn = (region: string, id: string): string => `arn:aws:bedrock:${region}:${account}:inference-profile/${id}`;

let emulator: RunningEmulator;
let client: BedrockRuntimeClient;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frugal-router-'));
  emulator = await startEmulator({ port: 0, timeScale: 0, seed: 5 });
  client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (modelId: string, text: string, extra: Partial<ConverseCommandInput> = {}): ConverseCommand =>
  new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }], ...extra });

/** At least `tokens` input tokens of plain words, with no difficulty signal. */
function longText(tokens: number): string {
  const words: string[] = [];
  while (countTokens(words.join(' ')) < tokens) words.push(`clause${words.length}`);
  return words.join(' ');
}

const served = (response: ConverseCommandOutput): string | undefined => response.trace?.promptRouter?.invokedModelId;

describe('default prompt routers through Converse', () => {
  it('sends a short, plain prompt to the cheaper model and a long one to the fallback, naming the served model in trace.promptRouter', async () => {
    const short = await client.send(ask(claudeRouter, 'What is the capital of France?'));
    expect(served(short)).toBe(profileArn('us-east-1', `us.${haiku}`));
    expect(short.additionalModelResponseFields).toMatchObject({ frugal: { model: haiku } });

    const long = await client.send(ask(claudeRouter, longText(400)));
    expect(served(long)).toBe(profileArn('us-east-1', `us.${sonnet}`));
    expect(long.additionalModelResponseFields).toMatchObject({ frugal: { model: sonnet } });
  });

  it('sends a short prompt with a sign of hard work (step by step, proof, code...) to the fallback', async () => {
    const response = await client.send(ask(claudeRouter, 'Prove step by step that the square root of 2 is irrational.'));
    expect(served(response)).toBe(profileArn('us-east-1', `us.${sonnet}`));
  });

  it('answers exactly as a direct call to the served model: same text and usage; a direct call has no trace', async () => {
    for (const [text, model] of [['Hello, router', haiku], [longText(300), sonnet]] as const) {
      const routed = await client.send(ask(claudeRouter, text, { system: [{ text: 'Be brief.' }] }));
      const direct = await client.send(ask(`us.${model}`, text, { system: [{ text: 'Be brief.' }] }));
      expect(routed.output).toEqual(direct.output);
      expect(routed.usage).toEqual(direct.usage);
      expect(routed.usage?.inputTokens).toBe(countTokens('Be brief.') + countTokens(text));
      expect(routed.stopReason).toBe(direct.stopReason);
      expect(direct.trace).toBeUndefined();
    }
  });

  it('serves the Llama and Nova routers too; the served ARN follows the router ARN Region (geo profile, or the foundation model)', async () => {
    const llama = await client.send(ask(`arn:aws:bedrock:eu-west-1:${account}:default-prompt-router/meta.llama:1`, 'Hi there'));
    expect(served(llama)).toBe(profileArn('eu-west-1', 'eu.meta.llama3-1-8b-instruct-v1:0'));
    const llamaHard = await client.send(ask(`arn:aws:bedrock:eu-west-1:${account}:default-prompt-router/meta.llama:1`, 'Compare the trade-offs of B-trees and LSM trees.'));
    expect(served(llamaHard)).toBe(profileArn('eu-west-1', 'eu.meta.llama3-1-70b-instruct-v1:0'));
    const nova = await client.send(ask(`arn:aws:bedrock:us-west-2:${account}:default-prompt-router/amazon.nova:1`, 'Hi there'));
    expect(served(nova)).toBe(profileArn('us-west-2', 'us.amazon.nova-lite-v1:0'));
    const novaElsewhere = await client.send(ask(`arn:aws:bedrock:sa-east-1:${account}:default-prompt-router/amazon.nova:1`, longText(250)));
    expect(served(novaElsewhere)).toBe('arn:aws:bedrock:sa-east-1::foundation-model/amazon.nova-pro-v1:0');
  });

  it('applies the served model’s caching rules: the Nova router writes and then reads a cache point when Nova Pro serves', async () => {
    const nova = `arn:aws:bedrock:us-east-1:${account}:default-prompt-router/amazon.nova:1`;
    const system = [{ text: longText(1200) }, { cachePoint: { type: 'default' as const } }];
    const first = await client.send(ask(nova, 'First question?', { system }));
    const second = await client.send(ask(nova, 'Second question?', { system }));
    expect(served(first)).toBe(profileArn('us-east-1', 'us.amazon.nova-pro-v1:0'));
    expect(first.usage?.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(second.usage?.cacheReadInputTokens).toBe(first.usage?.cacheWriteInputTokens);
  });

  it('answers unknown routers with ResourceNotFoundException and routers on InvokeModel with ValidationException', async () => {
    await expect(client.send(ask(`arn:aws:bedrock:us-east-1:${account}:default-prompt-router/mistral.mistral:1`, 'hi'))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
      message: expect.stringMatching(/Prompt router .* is not simulated.*anthropic\.claude:1, meta\.llama:1, amazon\.nova:1/),
    });
    await expect(client.send(ask(`arn:aws:bedrock:us-east-1:${account}:prompt-router/abc123`, 'hi'))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    await expect(client.send(new InvokeModelCommand({ modelId: claudeRouter, body, contentType: 'application/json' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/Converse and ConverseStream only/),
    });
  });
});

describe('default prompt routers through ConverseStream', () => {
  it('puts trace.promptRouter.invokedModelId in the metadata event, with the served model’s usage', async () => {
    const metadataOf = async (text: string): Promise<{ metadata: ConverseStreamMetadataEvent | undefined; text: string }> => {
      const response = await client.send(new ConverseStreamCommand({ modelId: claudeRouter, messages: [{ role: 'user', content: [{ text }] }] }));
      let metadata: ConverseStreamMetadataEvent | undefined;
      let reply = '';
      for await (const event of response.stream ?? []) {
        reply += event.contentBlockDelta?.delta?.text ?? '';
        if (event.metadata !== undefined) metadata = event.metadata;
      }
      return { metadata, text: reply };
    };
    const short = await metadataOf('Stream a short answer');
    expect(short.metadata?.trace?.promptRouter?.invokedModelId).toBe(profileArn('us-east-1', `us.${haiku}`));
    const direct = await client.send(ask(haiku, 'Stream a short answer'));
    expect(short.text).toBe(direct.output?.message?.content?.[0]?.text);
    expect(short.metadata?.usage).toEqual(direct.usage);

    const long = await metadataOf(longText(500));
    expect(long.metadata?.trace?.promptRouter?.invokedModelId).toBe(profileArn('us-east-1', `us.${sonnet}`));
    expect(long.metadata?.usage?.outputTokens).toBe(countTokens(long.text));
  });
});

describe('configured prompt routers from the models file', () => {
  it('routes between the declared models by responseQualityDifference and reports the model as configured', async () => {
    const file = join(dir, 'models.yaml');
    writeFileSync(
      file,
      `version: 1
models:
  - { id: amazon.nova-micro-v1:0, latency: { ttftMs: 1, tokensPerSecond: 1000 } }
  - { id: amazon.nova-pro-v1:0, latency: { ttftMs: 1, tokensPerSecond: 1000 } }
promptRouters:
  - id: lenient
    models: [us.amazon.nova-micro-v1:0, arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0]
    fallback: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0
    responseQualityDifference: 60
  - id: strict
    models: [amazon.nova-micro-v1:0, amazon.nova-pro-v1:0]
    fallback: amazon.nova-pro-v1:0
    responseQualityDifference: 0
`,
    );
    const own = await startEmulator({ port: 0, timeScale: 0, modelsFile: file });
    const sdk = new BedrockRuntimeClient({ endpoint: own.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      expect(own.promptRouters.map((router) => router.id)).toEqual(['anthropic.claude:1', 'meta.llama:1', 'amazon.nova:1', 'lenient', 'strict']);
      const lenient = `arn:aws:bedrock:us-east-1:${account}:prompt-router/lenient`;
      // 400 tokens is a predicted gap of 20 points, inside the 60 allowed; two signals add 50 more.
      expect(served(await sdk.send(ask(lenient, longText(400))))).toBe(profileArn('us-east-1', 'us.amazon.nova-micro-v1:0'));
      expect(served(await sdk.send(ask(lenient, `${longText(400)} Analyze and compare them.`)))).toBe('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0');
      const strict = `arn:aws:bedrock:us-west-2:${account}:prompt-router/strict`;
      expect(served(await sdk.send(ask(strict, 'Hi')))).toBe('arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0');
      expect(served(await sdk.send(ask(strict, longText(40))))).toBe('arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0');
      // Default routers need their models: this file has no Claude.
      await expect(sdk.send(ask(claudeRouter, 'Hi'))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: expect.stringMatching(/picked anthropic\.claude-3-haiku-20240307-v1:0, which this emulator does not simulate/),
      });
    } finally {
      sdk.destroy();
      await own.close();
    }
  });

  it('rejects a router whose fallback is not one of its models', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nmodels:\n  - { id: amazon.nova-lite-v1:0, latency: { ttftMs: 1, tokensPerSecond: 1 } }\npromptRouters:\n  - { id: r1, models: [amazon.nova-lite-v1:0, amazon.nova-pro-v1:0], fallback: amazon.nova-micro-v1:0 }\n');
    await expect(startEmulator({ port: 0, timeScale: 0, modelsFile: file })).rejects.toThrow(/promptRouters\[0\]\.fallback.*fallback must be one of the two models/s);
  });
});
