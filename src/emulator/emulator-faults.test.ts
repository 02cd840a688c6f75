import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulatedModels } from './load-simulated-models.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const scripted = 'anthropic.claude-3-haiku-20240307-v1:0';
const flaky = 'amazon.nova-micro-v1:0';
const slow = 'meta.llama3-1-8b-instruct-v1:0';
const models = parseSimulatedModels(
  `version: 1
models:
  - id: ${scripted}
    latency: { ttftMs: 1, tokensPerSecond: 1000 }
    faults:
      retryAfterSeconds: 1
      sequence: [throttle, serverError, unavailable, timeout, cutStream, streamError, ok, throttle, throttle, ok]
  - id: ${flaky}
    latency: { ttftMs: 1, tokensPerSecond: 1000 }
    faults: { throttleRate: 0.3, cutStreamRate: 0.2 }
  - id: ${slow}
    latency: { ttftMs: 5, tokensPerSecond: 100000, jitter: 0 }
    faults: { slowRate: 1, slowMs: 150 }
`,
  'faults.yaml',
);
const messages = [{ role: 'user' as const, content: [{ text: 'Hello' }] }];

const running: RunningEmulator[] = [];
const clients: BedrockRuntimeClient[] = [];
async function start(options: { timeScale?: number; seed?: number } = {}): Promise<{ emulator: RunningEmulator; client: BedrockRuntimeClient }> {
  const emulator = await startEmulator({ port: 0, timeScale: 0, models, ...options });
  const client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  running.push(emulator);
  clients.push(client);
  return { emulator, client };
}
afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(running.map((emulator) => emulator.close()));
});

/** Iterates a stream to its end or its error; returns the events seen and the error. */
async function drain(stream: AsyncIterable<unknown> | undefined): Promise<{ events: number; error: unknown }> {
  let events = 0;
  try {
    for await (const _ of stream ?? []) events += 1;
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

describe('scripted faults (the `sequence` list) through the AWS SDK', () => {
  let emulator: RunningEmulator;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    ({ emulator, client } = await start());
  });

  it('surfaces each fault as the named exception, cut streams as errors mid-iteration, then recovers', async () => {
    const converse = () => client.send(new ConverseCommand({ modelId: scripted, messages }));
    await expect(converse()).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    await expect(converse()).rejects.toMatchObject({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } });
    await expect(converse()).rejects.toMatchObject({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } });
    await expect(converse()).rejects.toMatchObject({ name: 'ModelTimeoutException', $metadata: { httpStatusCode: 408 } });

    const cut = await drain((await client.send(new ConverseStreamCommand({ modelId: scripted, messages }))).stream);
    expect(cut.events).toBeGreaterThanOrEqual(2); // messageStart and at least one delta arrived
    expect(cut.error).toBeInstanceOf(Error);
    expect(String((cut.error as Error).message)).toMatch(/INTERNAL_ERROR|Truncated|terminated|aborted/i);

    const broken = await drain((await client.send(new ConverseStreamCommand({ modelId: scripted, messages }))).stream);
    expect(broken.events).toBeGreaterThanOrEqual(2);
    expect(broken.error).toMatchObject({ name: 'ModelStreamErrorException', message: expect.stringMatching(/simulated/) });

    expect((await converse()).stopReason).toBe('end_turn');
  });

  it('sends Retry-After on throttling, and the SDK retries through it', async () => {
    const raw = await fetch(`${emulator.url}/model/${scripted}/converse`, { method: 'POST', body: JSON.stringify({ messages }) });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException:/);
    expect(raw.headers.get('retry-after')).toBe('1');
    const retrying = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 3 });
    clients.push(retrying);
    const response = await retrying.send(new ConverseCommand({ modelId: scripted, messages })); // sequence: throttle, then ok
    expect(response.$metadata.attempts).toBe(2);
    // The SDK measures its own wait with Date.now(); a 1 s timer can read 999 ms.
    expect(response.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(990);
  });
});

describe('seeded fault rates', () => {
  it('throttles about the declared share, the same requests on every run with the same seed', async () => {
    const pattern = async (client: BedrockRuntimeClient): Promise<string> => {
      let marks = '';
      for (let index = 0; index < 60; index += 1) {
        try {
          await client.send(new ConverseCommand({ modelId: flaky, messages: [{ role: 'user', content: [{ text: `request ${index}` }] }] }));
          marks += '.';
        } catch (error) {
          marks += (error as Error).name === 'ThrottlingException' ? 'T' : '?';
        }
      }
      return marks;
    };
    const first = await pattern((await start({ seed: 11 })).client);
    const second = await pattern((await start({ seed: 11 })).client);
    expect(second).toBe(first);
    expect(first).not.toContain('?');
    const throttled = [...first].filter((mark) => mark === 'T').length;
    expect(throttled).toBeGreaterThan(60 * 0.3 - 3 * Math.sqrt(60 * 0.3 * 0.7));
    expect(throttled).toBeLessThan(60 * 0.3 + 3 * Math.sqrt(60 * 0.3 * 0.7));
  });

  it('cuts InvokeModelWithResponseStream too', async () => {
    const { client } = await start({ seed: 5 });
    let cuts = 0;
    for (let index = 0; index < 30; index += 1) {
      const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: `stream ${index}` }] }] });
      try {
        const { error } = await drain((await client.send(new InvokeModelWithResponseStreamCommand({ modelId: flaky, body }))).body);
        if (error !== undefined) cuts += 1;
      } catch (error) {
        expect((error as Error).name).toBe('ThrottlingException');
      }
    }
    expect(cuts).toBeGreaterThan(0);
  });
});

describe('slow responses', () => {
  it('add slowMs to the reported latency and, at time scale 1, to the wall clock', async () => {
    const { client } = await start({ timeScale: 1 });
    const started = performance.now();
    const response = await client.send(new ConverseCommand({ modelId: slow, messages, inferenceConfig: { maxTokens: 5 } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(response.metrics?.latencyMs).toBeGreaterThanOrEqual(155);
  });
});
