/**
 * Harness overhead: 2,000 calls against `frugal emulator` with zero simulated latency, so what is
 * measured is the client side: the raw AWS SDK, frugal bench (streamed and not) and promptfoo's
 * Bedrock Converse provider, all at the same concurrency against the same endpoint.
 *
 *   npm run bench:harness                 # 2,000 calls, concurrency 16, 3 rounds
 *   npm run bench:harness -- 500 8 1      # calls, concurrency, rounds
 *
 * The emulator runs in its own process; each client's CPU is measured in its own process. Each
 * round runs every client once, in a rotated order, and the median round is reported, so a busy
 * neighbour on a shared machine skews one round rather than one client.
 * Not part of `npm test`: timings depend on the machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { type BenchSuite, resolveSuite, runBench, validateSuite } from '../../src/bench/index.js';
import { createPricingCatalog } from '../../src/pricing/index.js';
import { createAimdLimiterPool, createBedrockProvider } from '../../src/providers/index.js';

const calls = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const rounds = Number(process.argv[4] ?? 3);
const model = 'amazon.nova-micro-v1:0';
const maxTokens = 200;
const repo = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'frugal-harness-'));

interface Measurement {
  name: string;
  wallMs: number;
  cpuMs: number;
  calls: number;
  failed: number;
  note: string;
}

function spawnTsx(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function startEmulatorProcess(modelsFile: string): Promise<{ url: string; stop(): void }> {
  const child = spawnTsx(['bench/harness/serve-emulator.ts', modelsFile]);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match !== null) resolve(match[1] as string);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

function buildPrompts(count: number): { system: string; user: string }[] {
  const system = 'Route the support ticket to one of: billing, technical, account, shipping, returns, feature-request. Reply with the label only.';
  return Array.from({ length: count }, (_, index) => ({ system, user: `Ticket ${index}: my card was charged twice for order #${100000 + index}. Please check.` }));
}

async function measure(name: string, note: string, run: () => Promise<number>): Promise<Measurement> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const failed = await run();
  const used = process.cpuUsage(cpu);
  return { name, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, calls, failed, note };
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<boolean>): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      if (!(await work(item))) failed += 1;
    }
  }));
  return failed;
}

async function rawSdk(url: string, prompts: { system: string; user: string }[], stream: boolean): Promise<Measurement> {
  const client = new BedrockRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const input = (prompt: { system: string; user: string }) => ({ modelId: model, system: [{ text: prompt.system }], messages: [{ role: 'user' as const, content: [{ text: prompt.user }] }], inferenceConfig: { maxTokens } });
  // One warm-up call so connection set-up is not counted.
  await client.send(new ConverseCommand(input(prompts[0] as { system: string; user: string })));
  const result = await measure(`AWS SDK ${stream ? 'ConverseStream' : 'Converse'} (no harness)`, 'baseline', () =>
    pool(prompts, concurrency, async (prompt) => {
      try {
        if (stream) {
          const response = await client.send(new ConverseStreamCommand(input(prompt)));
          for await (const _ of response.stream ?? []) void _;
        } else await client.send(new ConverseCommand(input(prompt)));
        return true;
      } catch {
        return false;
      }
    }),
  );
  client.destroy();
  return result;
}

async function frugal(url: string, suite: BenchSuite, stream: boolean): Promise<Measurement> {
  const pricing = createPricingCatalog();
  const provider = createBedrockProvider({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, limiters: createAimdLimiterPool({ initialLimit: concurrency, maxLimit: concurrency }) });
  await provider.invoke({ modelId: model, messages: [{ role: 'user', content: [{ text: 'warm-up' }] }], inferenceConfig: { maxTokens: 5 } });
  const outDir = mkdtempSync(join(work, `frugal-${stream ? 'stream' : 'converse'}-`));
  const result = await measure(`frugal bench (${stream ? 'ConverseStream, TTFT' : 'Converse'})`, 'render, call, price, score, append row', async () => {
    const run = await runBench({
      suite,
      provider,
      pricing,
      outDir,
      toolVersion: 'harness',
      settings: { models: [model], baseline: null, judges: [], judgeRepeats: 1, region: 'us-east-1', endpoint: url, concurrency, repeats: 1, limit: null, answerKeys: false, stream },
    });
    return run.rows.filter((row) => row.status !== 'ok').length;
  });
  provider.client.destroy();
  return result;
}

async function promptfoo(url: string, prompts: { system: string; user: string }[]): Promise<Measurement | { name: string; error: string }> {
  const settingsFile = join(work, 'promptfoo-settings.json');
  writeFileSync(settingsFile, JSON.stringify({ endpoint: url, model, concurrency, maxTokens, prompts }));
  const child = spawnTsx(['bench/harness/run-promptfoo-eval.ts', settingsFile], {
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_CONFIG_DIR: join(work, 'promptfoo-home'),
    PROMPTFOO_LOG_LEVEL: 'error',
    LOG_LEVEL: 'error',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(last) as { wallMs: number; cpuMs: number; calls: number; errors: number };
    return { name: 'promptfoo 0.121.20 (bedrock:converse)', wallMs: parsed.wallMs, cpuMs: parsed.cpuMs, calls: parsed.calls, failed: parsed.errors, note: 'evaluate(), cache off, no assertions' };
  } catch {
    return { name: 'promptfoo 0.121.20', error: `exit ${code}: ${(stderr || stdout).slice(-600)}` };
  }
}

const modelsFile = join(work, 'zero-latency.yaml');
writeFileSync(modelsFile, `version: 1\nmodels:\n  - id: ${model}\n    latency: { ttftMs: 0, tokensPerSecond: 1000000000, jitter: 0 }\n    baseOutputTokens: 40\n    accuracy: { default: 0.9 }\n`);
const prompts = buildPrompts(calls);
const suite = await resolveSuite(
  validateSuite(
    {
      version: 1,
      name: 'harness',
      models: { current: model },
      tasks: [{ name: 'route', maxOutputTokens: maxTokens, prompt: { system: '{{ system }}', user: '{{ user }}' }, examples: prompts.map((prompt, index) => ({ id: String(index), vars: prompt, expected: 'billing' })), scorers: [{ type: 'label' }] }],
    },
    'harness',
  ),
  { baseDir: work },
);

const emulator = await startEmulatorProcess(modelsFile);
type Outcome = Measurement | { name: string; error: string };
const clients: (() => Promise<Outcome>)[] = [
  () => rawSdk(emulator.url, prompts, false),
  () => rawSdk(emulator.url, prompts, true),
  () => frugal(emulator.url, suite, false),
  () => frugal(emulator.url, suite, true),
  () => promptfoo(emulator.url, prompts),
];
const byClient: Outcome[][] = clients.map(() => []);
try {
  console.log(`Harness overhead: ${calls} calls per client and round, concurrency ${concurrency}, ${rounds} rounds (median shown), zero simulated latency, emulator at ${emulator.url} (own process)\n`);
  for (let round = 0; round < rounds; round += 1) {
    for (let step = 0; step < clients.length; step += 1) {
      const index = (step + round) % clients.length;
      (byClient[index] as Outcome[]).push(await (clients[index] as () => Promise<Outcome>)());
    }
  }
} finally {
  emulator.stop();
  rmSync(work, { recursive: true, force: true });
}
const median = (outcomes: Outcome[]): Outcome => {
  const good = outcomes.filter((outcome): outcome is Measurement => 'wallMs' in outcome).sort((a, b) => a.wallMs - b.wallMs);
  return good[Math.floor((good.length - 1) / 2)] ?? (outcomes[0] as Outcome);
};
const results = byClient.map(median);

const base = results.find((result): result is Measurement => 'wallMs' in result && result.name.startsWith('AWS SDK Converse '));
const baseStream = results.find((result): result is Measurement => 'wallMs' in result && result.name.startsWith('AWS SDK ConverseStream'));
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`${pad('client', 44)}${pad('calls/s', 10)}${pad('wall ms/call', 14)}${pad('CPU ms/call', 13)}${pad('overhead CPU ms/call', 22)}failed`);
for (const result of results) {
  if (!('wallMs' in result)) {
    console.log(`${pad(result.name, 44)}failed to run: ${result.error}`);
    continue;
  }
  const reference = result.name.includes('Stream') ? baseStream : base;
  const overhead = reference === undefined || reference === result ? '-' : (result.cpuMs / result.calls - reference.cpuMs / reference.calls).toFixed(3);
  console.log(
    `${pad(result.name, 44)}${pad((result.calls / (result.wallMs / 1000)).toFixed(0), 10)}${pad((result.wallMs / result.calls).toFixed(3), 14)}${pad((result.cpuMs / result.calls).toFixed(3), 13)}${pad(overhead, 22)}${result.failed}`,
  );
}
const ours = results.find((result): result is Measurement => 'wallMs' in result && result.name === 'frugal bench (Converse)');
const theirs = results.find((result): result is Measurement => 'wallMs' in result && result.name.startsWith('promptfoo'));
if (ours !== undefined && theirs !== undefined) {
  console.log(`\nfrugal bench vs promptfoo (both Converse): ${(theirs.wallMs / ours.wallMs).toFixed(2)}× the throughput, ${(theirs.cpuMs / ours.cpuMs).toFixed(2)}× less client CPU per call.`);
}
console.log('Overhead = client CPU per call minus the raw SDK\'s for the same API. Wall time per call is at the stated concurrency.');
