import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, generateChatTraffic, textOfTokens } from '../../test/helpers/generate-cache-traffic.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { prepareConverseInput } from '../providers/index.js';
import { convertRequestBody } from './convert-request-body.js';
import { placeCachePoints } from './place-cache-points.js';
import { planCacheForTraffic } from './plan-cache-for-traffic.js';
import { readPromptLayout } from './read-prompt-layout.js';

const sonnet37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const catalog = createPricingCatalog();
let now = 0;
let emulator: RunningEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  // The emulator's clock follows the requests' timestamps, so its cache expires as Bedrock's would.
  emulator = await startEmulator({ port: 0, timeScale: 0, clock: () => now });
  client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe('frugal cache plan against the emulator\'s caching semantics', () => {
  it('predicts the hit rate (and cache tokens) the emulator reports when the traffic is replayed with the chosen cache points', async () => {
    const random = createRandom(21);
    const traffic = generateChatTraffic({
      modelId: `us.${sonnet37}`,
      conversations: 80,
      meanConversationGapMs: 150_000,
      maxTurns: 8,
      turnGapMs: [10_000, 400_000],
      systemPrompts: [textOfTokens(1800, 'support'), textOfTokens(2600, 'billing')],
      random,
    });
    const requests = traffic.map((item) => ({ ...item, request: convertRequestBody(item.body, item.modelId).request }));
    const [plan] = planCacheForTraffic(
      requests.map((item) => ({ time: item.time, modelId: item.modelId, layout: readPromptLayout(item.request) })),
      { catalog, ttl: '5m' },
    );
    const best = plan?.plan.best;
    if (plan === undefined || best === undefined) throw new Error('expected a plan');
    expect(plan.plan.verdict).toBe('cache');
    // Chat traffic: the system prompt, and the whole conversation so far — the next turn finds it
    // within Bedrock's 20-block lookback, so the checkpoint that moves every turn still reads.
    expect(best.anchors).toEqual([{ section: 'system', block: -1 }, { section: 'messages', message: -1, block: -1 }]);

    let hits = 0;
    let read = 0;
    let written = 0;
    const rules = catalog.model(sonnet37)?.entry.caching;
    if (rules === undefined) throw new Error('no rules');
    for (const item of requests) {
      const placed = placeCachePoints(item.request, { rules, anchors: best.anchors, ttl: best.ttl }).request;
      now = item.time;
      const response = await client.send(new ConverseCommand(prepareConverseInput(placed)));
      const usage = response.usage;
      if ((usage?.cacheReadInputTokens ?? 0) > 0) hits += 1;
      read += usage?.cacheReadInputTokens ?? 0;
      written += usage?.cacheWriteInputTokens ?? 0;
    }
    const measured = hits / requests.length;
    expect(requests.length).toBeGreaterThan(200);
    expect(best.hitRate).toBeGreaterThan(0.4);
    expect(Math.abs(measured - best.hitRate)).toBeLessThan(0.01);
    expect(Math.abs(read - best.cacheReadTokens) / best.cacheReadTokens).toBeLessThan(0.01);
    expect(Math.abs(written - best.cacheWriteTokens) / best.cacheWriteTokens).toBeLessThan(0.01);
  });
});
