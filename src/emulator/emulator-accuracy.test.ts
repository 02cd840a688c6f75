import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimulatedModels } from './load-simulated-models.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const models = parseSimulatedModels(
  `version: 1
models:
  - id: ${modelId}
    latency: { ttftMs: 1, tokensPerSecond: 1000 }
    accuracy: { default: 0.5, math: 0.8, trivia: 0.3 }
`,
  'accuracy.yaml',
);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const items = 400;

const running: RunningEmulator[] = [];
async function clientFor(seed: number): Promise<BedrockRuntimeClient> {
  const emulator = await startEmulator({ port: 0, timeScale: 0, seed, models });
  running.push(emulator);
  return new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}
const clients: BedrockRuntimeClient[] = [];
beforeAll(async () => {
  clients.push(await clientFor(7), await clientFor(7), await clientFor(8));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(running.map((emulator) => emulator.close()));
});

/** Grades the answers the way a benchmark would: the first line against the expected answer. */
async function grade(client: BedrockRuntimeClient, task: string): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let index = 0; index < items; index += 1) {
    const expected = String(index * 7 + 3);
    const response = await client.send(
      new ConverseCommand({
        modelId,
        messages: [{ role: 'user', content: [{ text: `Item ${index}: what is ${index} × 7 + 3?` }] }],
        requestMetadata: { frugal_expected: expected, frugal_task: task },
      }),
    );
    const firstLine = (response.output?.message?.content?.[0]?.text ?? '').split('\n')[0]?.trim();
    results.push(firstLine === expected);
  }
  return results;
}

const within = (measured: number, declared: number): void => {
  // Three binomial standard deviations: a fixed seed makes this deterministic, not flaky.
  expect(Math.abs(measured - declared)).toBeLessThanOrEqual(3 * Math.sqrt((declared * (1 - declared)) / items));
};
const rate = (results: boolean[]): number => results.filter(Boolean).length / results.length;

describe('answer keys and declared accuracy', () => {
  it('measures the declared accuracy per task, identically for the same seed', async () => {
    const [first, second, otherSeed] = await Promise.all([grade(clients[0] as BedrockRuntimeClient, 'math'), grade(clients[1] as BedrockRuntimeClient, 'math'), grade(clients[2] as BedrockRuntimeClient, 'math')]);
    within(rate(first), 0.8);
    expect(second).toEqual(first);
    within(rate(otherSeed), 0.8);
    expect(otherSeed).not.toEqual(first);
    const [trivia, unlisted] = await Promise.all([grade(clients[1] as BedrockRuntimeClient, 'trivia'), grade(clients[2] as BedrockRuntimeClient, 'unlisted-task')]);
    within(rate(trivia), 0.3);
    within(rate(unlisted), 0.5);
  }, 60_000);

  it('draws wrong answers from the choices of a multiple-choice item', async () => {
    const answers = new Set<string>();
    for (let index = 0; index < 40; index += 1) {
      const response = await (clients[0] as BedrockRuntimeClient).send(
        new ConverseCommand({
          modelId,
          messages: [{ role: 'user', content: [{ text: `Question ${index}: pick one.` }] }],
          requestMetadata: { frugal_expected: 'B', frugal_task: 'trivia', frugal_choices: 'A|B|C|D' },
        }),
      );
      answers.add((response.output?.message?.content?.[0]?.text ?? '').split('\n')[0] ?? '');
    }
    expect([...answers].sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reads an answer key from a prompt marker (InvokeModel, batch records) and from the request-metadata header', async () => {
    const client = clients[0] as BedrockRuntimeClient;
    const ask = async (system: string, requestMetadata?: string) => {
      const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, system, messages: [{ role: 'user', content: 'Capital of France?' }] });
      const response = await client.send(new InvokeModelCommand({ modelId, body, ...(requestMetadata !== undefined && { requestMetadata }) }));
      return (JSON.parse(new TextDecoder().decode(response.body)) as { content: { text: string }[] }).content[0]?.text.split('\n')[0];
    };
    const viaMarker = await ask('Answer briefly.\nfrugal_answer_key: {"expected": "Paris", "task": "trivia"}');
    expect(['Paris', 'Piars', 'Prais', 'Pasir', 'Parsi']).toContain(viaMarker);
    const viaHeader = await ask('Answer briefly.', JSON.stringify({ frugal_expected: 'yes', frugal_task: 'math' }));
    expect(['yes', 'no']).toContain(viaHeader);
    await expect(ask('frugal_answer_key: {"expected": }')).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/frugal_answer_key: line is not valid JSON/) });
  });
});
