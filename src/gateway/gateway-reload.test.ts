import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../config/index.js';
import { parseSimulatedModels, type RunningEmulator, startEmulator } from '../emulator/index.js';
import { openLedger } from '../ledger/index.js';
import { hashApiKey } from './auth/hash-api-key.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { createLazyLedger } from './usage/create-lazy-ledger.js';

const slow = 'amazon.nova-lite-v1:0';
const models = parseSimulatedModels(`version: 1\nmodels:\n  - id: ${slow}\n    latency: { ttftMs: 400, tokensPerSecond: 100000, jitter: 0 }\n`, 'slow.yaml');
const oldKey = 'frugal_reload-old-key-0123456789abcdef';
const newKey = 'frugal_reload-new-key-0123456789abcdef';

describe('gateway reload', () => {
  let emulator: RunningEmulator;
  let gateway: RunningGateway;
  afterAll(async () => {
    await gateway?.shutdown({ graceMs: 2000 });
    await emulator?.close();
  });

  it('swaps the config for new requests while a request in flight finishes on the old one', async () => {
    emulator = await startEmulator({ port: 0, timeScale: 1, models });
    const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-reload-'));
    const config = (keys: { id: string; hash: string }[]): GatewayConfigInput => ({
      upstreams: [{ type: 'bedrock', name: 'emulator', endpoint: emulator.url }],
      routes: [{ name: 'answer', model: slow, maxTokens: 20 }],
      keys,
    });
    let current = config([{ id: 'old', hash: await hashApiKey(oldKey) }]);
    const ledger = await openLedger(join(dir, 'ledger.duckdb'));
    gateway = await startGateway({ source: { kind: 'object', config: () => current, cwd: dir }, port: 0, ledger: createLazyLedger(async () => ledger), bedrockCredentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const call = (key: string) =>
      fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'answer', messages: [{ role: 'user', content: 'hi' }] }) });

    const inFlight = call(oldKey); // takes ~400 ms upstream
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gateway.services.lifecycle.inFlight).toBe(1);
    current = config([{ id: 'new', hash: await hashApiKey(newKey) }]);
    await gateway.reload();
    expect((await call(oldKey)).status).toBe(401);
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    expect((await call(newKey)).status).toBe(200);

    // A config that fails validation leaves the running one in place.
    current = { upstreams: [] };
    await expect(gateway.reload()).rejects.toThrow('upstreams');
    expect((await call(newKey)).status).toBe(200);
    // ...and the next good one still applies.
    current = config([{ id: 'old', hash: await hashApiKey(oldKey) }]);
    await gateway.reload();
    expect((await call(oldKey)).status).toBe(200);
  });
});
