import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../test/helpers/run-frugal.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { type ModelRequest, prepareConverseInput } from '../providers/index.js';
import { generateSampleLogs } from '../sample/index.js';
import { type CacheAnchor, cacheAnchorSchema } from './cache-anchor.js';
import { convertRequestBody } from './convert-request-body.js';
import { placeCachePoints } from './place-cache-points.js';
import { planCacheForTraffic } from './plan-cache-for-traffic.js';
import { readPromptLayout } from './read-prompt-layout.js';

const catalog = createPricingCatalog();
const cwd = mkdtempSync(join(tmpdir(), 'frugal-cache-sample-'));
let now = 0;
let emulator: RunningEmulator;
let client: BedrockRuntimeClient;

interface LoggedChat {
  time: number;
  modelId: string;
  body: Record<string, unknown>;
}

/** The web chat calls of the sample logs (requestMetadata task customer-chat), as logged, in time order. */
async function readChatCalls(root: string): Promise<LoggedChat[]> {
  const calls: LoggedChat[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json.gz')) continue;
    const text = gunzipSync(await readFile(join(entry.parentPath, entry.name))).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as { timestamp: string; modelId: string; requestMetadata?: { task?: string }; input: { inputBodyJson: Record<string, unknown> } };
      if (record.requestMetadata?.task === 'customer-chat') calls.push({ time: Date.parse(record.timestamp), modelId: record.modelId, body: record.input.inputBodyJson });
    }
  }
  return calls.sort((left, right) => left.time - right.time);
}

/** Replays requests with the planned cache points on the emulator, its clock on each request's time. */
async function replay(requests: readonly { time: number; request: ModelRequest }[], anchors: readonly CacheAnchor[], ttl: '5m' | '1h'): Promise<number> {
  const rules = catalog.model('anthropic.claude-sonnet-4-20250514-v1:0')?.entry.caching;
  if (rules === undefined) throw new Error('no rules');
  let hits = 0;
  for (const { time, request } of requests) {
    now = time;
    const placed = placeCachePoints(request, { rules, anchors, ttl, existing: 'replace' }).request;
    const response = await client.send(new ConverseCommand(prepareConverseInput(placed)));
    if ((response.usage?.cacheReadInputTokens ?? 0) > 0) hits += 1;
  }
  return hits / requests.length;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0, clock: () => now });
  client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe('frugal cache plan on the sample workload\'s chat traffic, confirmed by the emulator', () => {
  it('ingest → lint → plan from the ledger → replay; then the fix lint suggests → plan → replay', async () => {
    // A weekday of the sample bank's logs, ingested the way a new user would.
    const logs = await generateSampleLogs({ out: join(cwd, 'logs'), days: 1, start: '2026-07-07', scale: 0.5 });
    const ingest = await runFrugal(['ingest', join(cwd, 'logs'), '--ledger', 'sample.duckdb', '--no-progress'], { cwd });
    expect(ingest.code).toBe(0);
    const chats = await readChatCalls(logs.root);
    expect(chats.length).toBeGreaterThan(100);

    // 1. As logged: the chat service stamps the minute into the first line of its system prompt.
    const asLogged = await runFrugal(['cache', 'plan', '--ledger', 'sample.duckdb', '--task', 'customer-chat', '--since', '2026-07-01', '--ttl', '5m', '--json'], { cwd });
    expect(asLogged.stderr).toBe('');
    const planned = (JSON.parse(asLogged.stdout) as { plans: { requests: number; plan: { verdict: string; best?: { anchors: unknown[]; hitRate: number } } }[] }).plans[0];
    expect(planned?.requests).toBe(chats.length);
    const anchors = (planned?.plan.best?.anchors ?? []).map((anchor) => cacheAnchorSchema.parse(anchor));
    const requests = chats.map((chat) => ({ time: chat.time, request: convertRequestBody(chat.body, chat.modelId).request }));
    const measured = await replay(requests, anchors, '5m');
    // Only chats that happen to share a minute share a prefix: a low rate (and a small saving), predicted and confirmed.
    expect(planned?.plan.best?.hitRate).toBeLessThan(0.4);
    expect(Math.abs(measured - (planned?.plan.best?.hitRate ?? 0))).toBeLessThan(0.02);

    // 2. Lint points at the cause.
    const lint = await runFrugal(['cache', 'lint', await writeRequests('chat-requests.jsonl', chats)], { cwd });
    expect(lint.stdout).toMatch(/error dynamic-before-static at line 1, system block 0, char 23 \(and \d+ more requests: .*\n.*a timestamp \("2026-07-07 \d\d:\d\d"\)/);

    // 3. The fix: the stamp in its own block after the static text. Plan from the bodies, replay.
    const fixed = chats.map((chat) => ({ ...chat, body: moveStampLast(chat.body) }));
    const fixedPlan = planCacheForTraffic(
      fixed.map((chat) => ({ time: chat.time, modelId: chat.modelId, layout: readPromptLayout(convertRequestBody(chat.body, chat.modelId).request) })),
      { catalog, ttl: '5m' },
    )[0]?.plan;
    expect(fixedPlan?.verdict).toBe('cache');
    expect(fixedPlan?.best?.anchors).toContainEqual({ section: 'system', block: 0 });
    const fixedMeasured = await replay(fixed.map((chat) => ({ time: chat.time, request: convertRequestBody(chat.body, chat.modelId).request })), fixedPlan?.best?.anchors ?? [], '5m');
    expect(fixedPlan?.best?.hitRate).toBeGreaterThan(0.5);
    expect(fixedPlan?.best?.hitRate).toBeGreaterThan((planned?.plan.best?.hitRate ?? 1) + 0.3);
    expect(Math.abs(fixedMeasured - (fixedPlan?.best?.hitRate ?? 0))).toBeLessThan(0.02);
  });
});

async function writeRequests(name: string, chats: readonly LoggedChat[]): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(cwd, name), chats.map((chat) => JSON.stringify({ timestamp: new Date(chat.time).toISOString(), modelId: chat.modelId, body: chat.body })).join('\n'));
  return name;
}

/** What `frugal cache lint` suggests: the changing first line after the static system text, as its own block. */
function moveStampLast(body: Record<string, unknown>): Record<string, unknown> {
  const [first] = body['system'] as { text: string }[];
  const text = first?.text ?? '';
  const cut = text.indexOf('\n\n');
  return { ...body, system: [{ text: text.slice(cut + 2) }, { text: text.slice(0, cut) }] };
}
