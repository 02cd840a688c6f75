import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { hashApiKey, verifyApiKey } from '../../gateway/auth/hash-api-key.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { type GatewaySignals, runGateway } from './gateway-command.js';

function fakeSignals(): GatewaySignals & { reload(): void; stop(): void } {
  let reload = (): void => undefined;
  let stop = (_signal: string): void => undefined;
  return {
    onReload: (handler) => void (reload = handler),
    onStop: (handler) => void (stop = handler),
    dispose: () => undefined,
    reload: () => reload(),
    stop: () => stop('SIGTERM'),
  };
}

async function waitFor<T>(check: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}

const model = 'anthropic.claude-3-haiku-20240307-v1:0';
const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('frugal gateway', () => {
  let emulator: RunningEmulator;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, timeScale: 0 });
    // Bedrock credentials come from the standard chain; the emulator takes any.
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(async () => {
    await emulator.close();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });

  it('keygen prints a key once and a hash that verifies it', async () => {
    const run = await runFrugal(['gateway', 'keygen', '--id', 'team-a']);
    expect(run.code).toBe(0);
    const key = /key \(give it to the caller; it is not stored\): (\S+)/.exec(run.stdout)?.[1] as string;
    const hash = /hash: "([^"]+)"/.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain('- id: team-a');
    expect(await verifyApiKey(key, hash)).toBe(true);
    expect(hash).not.toContain(key);
  });

  it('starts from frugal.yaml, reloads on SIGHUP without dropping requests, and drains on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-cli-'));
    const first = 'frugal_cli-first-key-0123456789abcdef';
    const second = 'frugal_cli-second-key-0123456789abcdef';
    const write = async (keys: string[]) =>
      writeFileSync(
        join(dir, 'frugal.yaml'),
        `gateway:\n  upstreams:\n    - { type: bedrock, name: emulator, endpoint: "${emulator.url}" }\n  keys:\n${(await Promise.all(keys.map(async (key, index) => `    - { id: k${index}, hash: "${await hashApiKey(key)}" }`))).join('\n')}\n`,
      );
    await write([first]);
    let out = '';
    let err = '';
    const context: CommandContext = {
      io: { stdout: (text) => void (out += text), stderr: (text) => void (err += text), cwd: dir, env: {} },
      exitCode: 0,
      loadPricing: () => Promise.resolve(createPricingCatalog()),
    };
    const signals = fakeSignals();
    const running = runGateway({ port: 0 }, context, undefined, undefined, signals);
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(out)?.[1]);
    const call = (key: string) => fetch(`${url}/v1/chat/completions`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(401);

    await write([second]);
    signals.reload();
    await waitFor(() => (out.includes('config reloaded') ? true : undefined));
    expect((await call(second)).status).toBe(200);
    expect((await call(first)).status).toBe(401);

    // A broken config on reload keeps the running one.
    writeFileSync(join(dir, 'frugal.yaml'), 'gateway:\n  upstreams: []\n');
    signals.reload();
    await waitFor(() => (err.includes('reload failed') ? true : undefined));
    expect(err).toContain('upstreams');
    expect((await call(second)).status).toBe(200);

    signals.stop();
    await running;
    expect(out).toContain('stopped: 0 requests cut off');
    const ledger = await openLedger(join(dir, 'frugal.duckdb'));
    const rows = await ledger.query.listRequests({ filter: { sources: ['gateway'] } });
    await ledger.close();
    expect(rows).toHaveLength(3);
    expect(err + out).not.toContain(first);
    expect(err + out).not.toContain(second);
  });

  it('exits 2 naming the setting when the config is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-bad-'));
    writeFileSync(join(dir, 'frugal.yaml'), 'gateway:\n  upstreams:\n    - { type: bedrock, name: b }\n  keys:\n    - { id: a, hash: "plain-text-key" }\n');
    const run = await runFrugal(['gateway', '--port', '0'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('gateway.keys.0.hash');
    const missing = await runFrugal(['gateway', '--port', '0'], { cwd: mkdtempSync(join(tmpdir(), 'frugal-gateway-none-')) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('gateway:');
  });
});
