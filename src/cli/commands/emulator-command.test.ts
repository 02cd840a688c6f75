import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { createPricingCatalog } from '../../pricing/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { registerEmulatorCommand } from './emulator-command.js';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (text) => void (out += text), stderr: (text) => void (err += text), cwd: process.cwd(), env: {} },
    out: () => out,
    err: () => err,
  };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error('timed out');
}

describe('frugal emulator', () => {
  it('serves until stopped, saying plainly that its models are simulated', async () => {
    const { io, out } = capture();
    const context: CommandContext = { io, exitCode: 0, loadPricing: () => Promise.resolve(createPricingCatalog()) };
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const program = new Command('frugal').exitOverride();
    registerEmulatorCommand(program, context, () => ({ stopped, dispose: () => undefined }));
    const running = program.parseAsync(['emulator', '--port', '0', '--seed', '5', '--time-scale', '0'], { from: 'user' });

    await waitFor(() => out().includes('Press Ctrl+C'));
    const banner = out();
    expect(banner).toMatch(/SIMULATED Bedrock models/);
    expect(banner).toMatch(/anthropic\.claude-3-haiku-20240307-v1:0\s*│\s*0\.62 \(classification 0\.78, extraction 0\.80, math 0\.45\)\s*│\s*350ms/);
    expect(banner).toMatch(/amazon\.nova-pro-v1:0/);
    expect(banner).toMatch(/seed 5 · time scale 0/);
    const url = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1] as string;
    expect(banner).toContain(`--region us-east-1 --endpoint-url ${url}`);
    expect(banner).toContain("credentials: { accessKeyId: 'test', secretAccessKey: 'test' }");

    const client = new BedrockRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const response = await client.send(new ConverseCommand({ modelId: 'us.amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'ping' }] }] }));
      expect(response.additionalModelResponseFields).toMatchObject({ frugal: { simulated: true } });
    } finally {
      client.destroy();
    }
    expect(out()).toMatch(/\[sim\] converse amazon\.nova-lite-v1:0 in=\d+ .*out=\d+/);

    stop();
    await running;
    expect(out()).toMatch(/stopped\.\n$/);
    await expect(fetch(`${url}/model/x/converse`, { method: 'POST' })).rejects.toThrow();
  });

  it('exits 2 with a clear message for a broken models file or bad flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frugal-emulator-'));
    writeFileSync(join(dir, 'models.yaml'), 'version: 1\nmodels:\n  - id: amazon.nova-lite-v1:0\n    latency: { ttftMs: 5 }\n');
    const broken = await runFrugal(['emulator', '--port', '0', '--models', join(dir, 'models.yaml')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/models\.yaml does not describe simulated models[\s\S]*latency\.tokensPerSecond/);
    const missing = await runFrugal(['emulator', '--port', '0', '--models', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the simulated-models file .*nope\.yaml/);
    const badScale = await runFrugal(['emulator', '--time-scale', 'fast']);
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toMatch(/--time-scale must be a number/);
  });

  it('is listed in the help', async () => {
    const help = await runFrugal(['emulator', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--require-auth/);
    expect(help.stdout).toMatch(/SIMULATED/);
  });
});
