import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfigInput } from '../../config/index.js';
import { type RunningEmulator, startEmulator, type StartEmulatorOptions } from '../../emulator/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { hashApiKey } from '../auth/hash-api-key.js';
import { type RunningGateway, type StartGatewayOptions, startGateway } from '../start-gateway.js';
import { createLazyLedger } from '../usage/create-lazy-ledger.js';

export const testKeys = { alice: 'frugal_test-key-alice-0123456789abcdef', bob: 'frugal_test-key-bob-0123456789abcdef', admin: 'frugal_test-admin-key-0123456789abcdef' } as const;

export interface TestGateway {
  gateway: RunningGateway;
  emulator: RunningEmulator;
  ledger: Ledger;
  dir: string;
  close(): Promise<void>;
}

/**
 * An emulator and a gateway in front of it, on loopback, with a DuckDB ledger in a temporary
 * directory and keys for alice (team red), bob and an admin. `configure` edits the config
 * before start; the emulator answers at once (`timeScale: 0`).
 */
export async function startTestGateway(
  configure: (config: GatewayConfigInput, emulatorUrl: string) => GatewayConfigInput = (config) => config,
  options: { emulator?: StartEmulatorOptions; gateway?: Partial<StartGatewayOptions> } = {},
): Promise<TestGateway> {
  const emulator = await startEmulator({ port: 0, timeScale: 0, ...options.emulator });
  const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-'));
  const [alice, bob, admin] = await Promise.all([hashApiKey(testKeys.alice), hashApiKey(testKeys.bob), hashApiKey(testKeys.admin)]);
  const config = configure(
    {
      upstreams: [{ type: 'bedrock', name: 'emulator', region: 'us-east-1', endpoint: emulator.url }],
      keys: [
        { id: 'alice', hash: alice, team: 'red' },
        { id: 'bob', hash: bob },
      ],
      teams: [{ name: 'red' }],
      adminKeys: [{ id: 'ops', hash: admin }],
      usage: { flushIntervalMs: 50 },
    },
    emulator.url,
  );
  const ledger = await openLedger(join(dir, 'ledger.duckdb'));
  const gateway = await startGateway({
    source: { kind: 'object', config, cwd: dir },
    port: 0,
    ledger: createLazyLedger(async () => ledger),
    bedrockCredentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options.gateway,
  });
  return {
    gateway,
    emulator,
    ledger,
    dir,
    async close() {
      await gateway.shutdown({ graceMs: 1000 });
      await emulator.close();
    },
  };
}
