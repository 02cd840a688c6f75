import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../config/index.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { hashApiKey } from './auth/hash-api-key.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { createLazyLedger } from './usage/create-lazy-ledger.js';

const micro = 'amazon.nova-micro-v1:0';
const bobKey = 'frugal_test-key-bob-0123456789abcdef';
const adminKey = 'frugal_test-admin-key-0123456789abcdef';

interface Standing {
  name: string;
  period: string;
  spentUsd: number;
}

describe('frugal gateway: budgets remember the month across a restart, also when the ledger is down at start-up', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let config: GatewayConfigInput;
  const running: RunningGateway[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, timeScale: 0 });
    dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-seed-'));
    config = {
      upstreams: [{ type: 'bedrock', name: 'emulator', region: 'us-east-1', endpoint: emulator.url }],
      keys: [{ id: 'bob', hash: await hashApiKey(bobKey), budget: { dailyUsd: 1, monthlyUsd: 10 } }],
      adminKeys: [{ id: 'ops', hash: await hashApiKey(adminKey) }],
      usage: { flushIntervalMs: 20 },
    };
  });
  afterAll(async () => {
    for (const gateway of running) await gateway.shutdown({ graceMs: 500 });
    await emulator?.close();
  });

  const start = async (open: () => Promise<Ledger>): Promise<RunningGateway> => {
    const gateway = await startGateway({
      source: { kind: 'object', config, cwd: dir },
      port: 0,
      ledger: createLazyLedger(open),
      bedrockCredentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      replayIntervalMs: 50,
    });
    running.push(gateway);
    return gateway;
  };
  const ask = async (gateway: RunningGateway): Promise<number> => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: bobKey, maxRetries: 0 });
    await openai.chat.completions.create({ model: micro, max_tokens: 50, messages: [{ role: 'user', content: 'Where is my parcel?' }] });
    return spent(gateway);
  };
  const spent = async (gateway: RunningGateway): Promise<number> => {
    const response = await fetch(`${gateway.url}/admin/budgets`, { headers: { authorization: `Bearer ${adminKey}` } });
    const { budgets } = (await response.json()) as { budgets: Standing[] };
    return budgets.find((entry) => entry.name === 'bob' && entry.period === 'monthly')?.spentUsd ?? Number.NaN;
  };

  it('adds the earlier spend once the ledger can be read, without counting this run twice', async () => {
    const path = join(dir, 'ledger.duckdb');
    const first = await start(() => openLedger(path));
    await ask(first);
    const before = await ask(first);
    expect(before).toBeGreaterThan(0);
    await first.shutdown({ graceMs: 500 });

    // A plain restart starts from the month's spend.
    const second = await start(() => openLedger(path));
    expect(await spent(second)).toBeCloseTo(before, 12);
    await second.shutdown({ graceMs: 500 });

    // The ledger is down when the third run starts: budgets count from zero (with a warning)...
    let down = true;
    const third = await start(async () => {
      if (down) throw new Error('connection refused');
      return openLedger(path);
    });
    expect(await spent(third)).toBe(0);
    const during = await ask(third); // spills to disk, replayed later
    expect(during).toBeGreaterThan(0);
    // ...and add the month's earlier spend once it is back; the call made meanwhile counts once.
    down = false;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await spent(third)) < before + during - 1e-12) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await spent(third)).toBeCloseTo(before + during, 12);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await spent(third)).toBeCloseTo(before + during, 12);
    expect(third.services.usage.stats().outage).toBe(false);
  });
});
