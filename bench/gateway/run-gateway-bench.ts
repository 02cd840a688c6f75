/**
 * `npm run bench:gateway`: what `frugal gateway` adds to a call — latency (p50/p99) and maximum
 * throughput — against a zero-latency OpenAI-compatible upstream on loopback, side by side with
 * the Portkey AI gateway (`@portkey-ai/gateway`) proxying the same upstream in the same run.
 *
 * Each side runs in its own process (upstream, frugal, Portkey); this process only generates load
 * (node:http with keep-alive). frugal is the built CLI, `frugal gateway` from `dist/` with a
 * frugal.yaml in a temporary directory (its ledger beside it), as users run it: build first. Rounds are interleaved in rotated order and the medians of the
 * rounds are reported, because on a small shared machine the neighbours move every figure.
 *
 *   npm run bench:gateway -- [--rounds 5] [--requests 2000] [--seconds 5] [--concurrency 64]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashApiKey } from '../../src/gateway/auth/hash-api-key.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write('bench:gateway measures the built `frugal gateway`: run `npm run build` first.\n');
  process.exit(1);
}
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
  },
});
const rounds = Number(values.rounds);
const perRound = Number(values.requests);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const key = 'frugal_bench-key-0123456789abcdefghijklmnop';
const body = JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'system', content: 'You are a support assistant.' }, { role: 'user', content: 'Where is my parcel? Order 4471.' }] });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
function start(command: string[], env: Record<string, string>, ready: RegExp, cwd = root): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match !== null) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited (${code}): ${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${command.join(' ')} did not start: ${output.slice(-2000)}`)), 30_000).unref();
  });
}

interface Target {
  name: 'direct' | 'frugal' | 'portkey';
  port: number;
  headers: Record<string, string>;
  agent: Agent;
}

function send(target: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      { host: '127.0.0.1', port: target.port, path: '/v1/chat/completions', method: 'POST', agent: target.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => void (text += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200 || !text.includes('"choices"')) reject(new Error(`${target.name}: HTTP ${response.statusCode} ${text.slice(0, 300)}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const median = (values: readonly number[]): number => quantile([...values].sort((a, b) => a - b), 0.5);

async function latencyRound(target: Target): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let index = 0; index < perRound; index += 1) samples.push(await send(target));
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

async function throughputRound(target: Target): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await send(target);
        done += 1;
      }
    }),
  );
  return done / seconds;
}

// The gateway's config and ledger; removed when the bench ends.
const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-bench-'));

async function main(): Promise<void> {
  const upstreamMatch = await start(['--import', 'tsx', 'bench/gateway/zero-latency-upstream.ts'], { PORT: '0' }, /listening (\d+)/);
  const upstreamPort = Number(upstreamMatch[1]);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  // One upstream, one virtual key, the usage ledger on (DuckDB): Portkey's job here plus
  // authentication, pricing and a ledger row per call.
  const config = { gateway: { upstreams: [{ type: 'openai-compatible', name: 'zero', baseURL: `${upstreamUrl}/v1`, region: 'us-east-1', concurrency: 1024 }], keys: [{ id: 'bench', hash: await hashApiKey(key) }] } };
  writeFileSync(join(dir, 'frugal.yaml'), JSON.stringify(config, null, 2));
  const frugalMatch = await start([cli, '--config', join(dir, 'frugal.yaml'), 'gateway', '--port', '0'], {}, /listening on http:\/\/[^:]+:(\d+)/, dir);
  const portkeyPort = await freePort();
  await start([join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${portkeyPort}`, '--headless'], { NODE_ENV: 'production' }, /Ready for connections/);

  const agent = (): Agent => new Agent({ keepAlive: true, maxSockets: concurrency });
  const targets: Target[] = [
    { name: 'direct', port: upstreamPort, headers: {}, agent: agent() },
    { name: 'frugal', port: Number(frugalMatch[1]), headers: { authorization: `Bearer ${key}` }, agent: agent() },
    { name: 'portkey', port: portkeyPort, headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` }, agent: agent() },
  ];

  process.stdout.write(`warming up (${perRound} requests each)…\n`);
  for (const target of targets) await Promise.all(Array.from({ length: 8 }, async () => { for (let index = 0; index < perRound / 8; index += 1) await send(target); }));

  const latency = new Map<string, { p50: number[]; p99: number[]; overhead: number[]; overheadP99: number[] }>(targets.map((target) => [target.name, { p50: [], p99: [], overhead: [], overheadP99: [] }]));
  const throughput = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = targets.map((_, index) => targets[(index + round) % targets.length] as Target);
    const results = new Map<string, { p50: number; p99: number }>();
    for (const target of order) results.set(target.name, await latencyRound(target));
    const direct = results.get('direct') as { p50: number; p99: number };
    for (const [name, result] of results) {
      const entry = latency.get(name)!;
      entry.p50.push(result.p50);
      entry.p99.push(result.p99);
      entry.overhead.push(result.p50 - direct.p50);
      entry.overheadP99.push(result.p99 - direct.p99);
    }
    for (const target of order) throughput.get(target.name)!.push(await throughputRound(target));
    process.stdout.write(`round ${round + 1}/${rounds}: ${order.map((target) => `${target.name} p50 ${results.get(target.name)!.p50.toFixed(3)} ms, ${throughput.get(target.name)!.at(-1)!.toFixed(0)} req/s`).join(' · ')}\n`);
  }

  const row = (name: string): string => {
    const entry = latency.get(name)!;
    const rate = median(throughput.get(name)!);
    const added = (values: number[]): string => (name === 'direct' ? '—' : median(values).toFixed(3));
    return `| ${name} | ${median(entry.p50).toFixed(3)} | ${median(entry.p99).toFixed(3)} | ${added(entry.overhead)} | ${added(entry.overheadP99)} | ${rate.toFixed(0)} |`;
  };
  const frugalRate = median(throughput.get('frugal')!);
  const portkeyRate = median(throughput.get('portkey')!);
  const frugalOverhead = median(latency.get('frugal')!.overhead);
  const portkeyOverhead = median(latency.get('portkey')!.overhead);
  process.stdout.write(
    [
      '',
      `medians of ${rounds} interleaved rounds; latency: ${perRound} sequential requests per round; throughput: ${concurrency} connections for ${seconds} s; load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`,
      '',
      '| target | p50 ms | p99 ms | added p50 ms | added p99 ms | req/s |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('direct'),
      row('frugal'),
      row('portkey'),
      '',
      `frugal vs Portkey: added p50 ${frugalOverhead.toFixed(3)} ms vs ${portkeyOverhead.toFixed(3)} ms (${(frugalOverhead / portkeyOverhead).toFixed(2)}×); added p99 ${median(latency.get('frugal')!.overheadP99).toFixed(3)} ms vs ${median(latency.get('portkey')!.overheadP99).toFixed(3)} ms; throughput ${(frugalRate / portkeyRate).toFixed(2)}× Portkey's`,
      `targets: added p50 under 0.5 ms — ${frugalOverhead < 0.5 ? 'met' : 'NOT met'}; throughput at least Portkey's — ${frugalRate >= portkeyRate ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}

try {
  await main();
} finally {
  await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')) : undefined)));
  rmSync(dir, { recursive: true, force: true });
}
