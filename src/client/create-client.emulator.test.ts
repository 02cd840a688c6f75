import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type ConverseCommandOutput, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { openLedger } from '../ledger/index.js';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import { createClient } from './create-client.js';
import { cheapModel, startPipelineEmulator, topModel } from './testing/start-pipeline-emulator.js';

let emulator: RunningEmulator;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
beforeAll(async () => {
  emulator = await startPipelineEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** Code written against the AWS SDK: only the client it is given changes. */
interface ConverseSender {
  send(command: ConverseCommand): Promise<ConverseCommandOutput>;
}
async function answer(client: ConverseSender, input: ConverseCommandInput): Promise<ConverseCommandOutput> {
  return client.send(new ConverseCommand(input));
}

const input: ConverseCommandInput = {
  modelId: topModel,
  system: [{ text: 'You answer support questions in one sentence.' }],
  messages: [{ role: 'user', content: [{ text: 'How do I reset my password?' }] }],
  inferenceConfig: { maxTokens: 200, temperature: 0 },
  requestMetadata: { task: 'support' },
};

async function streamText(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<{ text: string; kinds: string[] }> {
  let text = '';
  const kinds: string[] = [];
  for await (const event of stream ?? []) {
    kinds.push(Object.keys(event)[0] as string);
    text += event.contentBlockDelta?.delta?.text ?? '';
  }
  return { text, kinds: [...new Set(kinds)] };
}

describe('createClient against frugal emulator', () => {
  it('is a one-line change for ConverseCommand code: same input, same Converse-shaped output, plus frugal', async () => {
    const sdk = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const rows: UsageRow[] = [];
    const frugal = createClient({ endpoint: emulator.url, region: 'us-east-1', credentials, usageSink: (written) => void rows.push(...written) });
    const direct = await answer(sdk, input);
    const through = await answer(frugal, input);
    expect(through.output).toEqual(direct.output);
    expect(through.stopReason).toBe(direct.stopReason);
    expect(through.usage).toEqual({ ...direct.usage, cacheReadInputTokens: direct.usage?.cacheReadInputTokens ?? 0, cacheWriteInputTokens: direct.usage?.cacheWriteInputTokens ?? 0 });
    expect(through.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.any(String) });
    const info = (through as Awaited<ReturnType<typeof frugal.converse>>).frugal;
    const expected = priceUsage({ model: topModel, region: 'us-east-1', inputTokens: direct.usage?.inputTokens, outputTokens: direct.usage?.outputTokens }, createPricingCatalog()).total;
    expect(info.cost.total).toBeCloseTo(expected as number, 15);
    expect(info).toMatchObject({ modelId: topModel, outcome: 'accepted', escalations: 0 });
    expect(rows[0]).toMatchObject({ task: 'support', taskSource: 'metadata', metadata: { task: 'support', frugal_entry: 'client' }, operation: 'Converse' });
    sdk.destroy();
  });

  it('streams ConverseStreamCommand as ConverseStream events with the same text', async () => {
    const sdk = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const frugal = createClient({ endpoint: emulator.url, region: 'us-east-1', credentials, telemetry: false });
    const direct = await streamText((await sdk.send(new ConverseStreamCommand(input))).stream);
    const response = await frugal.send(new ConverseStreamCommand(input));
    const through = await streamText(response.stream);
    expect(through.text).toBe(direct.text);
    expect(through.kinds).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    expect(await response.frugal).toMatchObject({ modelId: topModel, outcome: 'accepted' });
    sdk.destroy();
  });

  it('routes, caps and records to a ledger from its options', async () => {
    const ledger = await openLedger(':memory:');
    const client = createClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials,
      router: { tiers: [cheapModel, topModel], defaultTier: 2, pinning: false, rules: [{ name: 'short', when: { task: ['classify'] }, tier: 1, cascade: false, overridePin: false }] },
      maxOutputTokens: { tasks: { classify: 5 } },
      ledger,
      telemetry: false,
    });
    const output = await client.converse({ modelId: 'any', messages: [{ role: 'user', content: [{ text: 'Billing or technical?' }] }] }, { task: 'classify', team: 'support' });
    expect(output.frugal.decision).toMatchObject({ tier: 1, rule: 'short', modelId: cheapModel });
    expect(output.frugal.maxTokens).toBe(5);
    expect(output.stopReason).toBe('max_tokens');
    await client.close();
    const [row] = await ledger.query.listRequests();
    expect(row).toMatchObject({ source: 'gateway', rawModelId: cheapModel, task: 'classify', team: 'support', maxTokens: 5 });
    expect(row?.cost).toBeCloseTo(output.frugal.cost.total as number, 15);
    await ledger.close();
  });

  it('refuses what it cannot pass on, and sends nothing', async () => {
    const client = createClient({ endpoint: emulator.url, region: 'us-east-1', credentials, telemetry: false });
    await expect(client.converse({ ...input, guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('guardrailConfig') });
    await expect(client.converse({ ...input, messages: [{ role: 'user', content: [{ document: { format: 'txt', name: 'd', source: { bytes: new Uint8Array([1]) } } }] }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
