/**
 * `npm run bench:gateway:faults`: the full load and fault run — 20,000 requests (OpenAI chat,
 * streamed chat, Converse, ConverseStream) through a gateway process to the emulator with 20%
 * throttling, 5% 5xx (500 and 503) and 1% cut streams, bounded and on loopback. A SIGTERM goes to
 * the gateway once 95% of the requests have started. Checks: every request ends in a success or a
 * clear error; the ledger holds exactly one row per upstream call the emulator answered (billed).
 *
 *   npm run bench:gateway:faults -- [--requests 20000] [--concurrency 64] [--sigterm-at 0.95]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../../src/emulator/index.js';
import { hashApiKey } from '../../src/gateway/auth/hash-api-key.js';
import { faultyModels, runGatewayLoad } from '../../src/gateway/testing/run-gateway-load.js';
import { openLedger } from '../../src/ledger/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '64' }, 'sigterm-at': { type: 'string', default: '0.95' } } });
const requests = Number(values.requests);
const key = 'frugal_load-faults-key-0123456789abcdef';

let billed = 0;
let cut = 0;
const emulator = await startEmulator({
  port: 0,
  timeScale: 0,
  seed: 3,
  models: faultyModels({ throttle: 0.2, serverError: 0.03, unavailable: 0.02, cutStream: 0.01 }),
  logger: {
    info: (line) => {
      if (!line.startsWith('converse')) return;
      billed += 1;
      if (line.includes('fault=cutStream')) cut += 1;
    },
    warn: () => undefined,
  },
});
const dir = mkdtempSync(join(tmpdir(), 'frugal-load-faults-'));
writeFileSync(
  join(dir, 'frugal.yaml'),
  `gateway:\n  upstreams:\n    - { type: bedrock, name: emulator, endpoint: "${emulator.url}", maxAttempts: 3, concurrency: 64 }\n  keys:\n    - { id: load, hash: "${await hashApiKey(key)}" }\n  usage: { batchSize: 512, flushIntervalMs: 200 }\n`,
);
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/gateway/serve-gateway-for-load.ts')], {
  cwd: root,
  env: { ...process.env, GATEWAY_DIR: dir, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
const url = await new Promise<string>((resolve, reject) => {
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /listening (http:\/\/\S+)/.exec(output);
    if (match !== null) resolve(match[1] as string);
  });
  child.once('exit', (code) => reject(new Error(`the gateway exited (${code}): ${output}`)));
});
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

const sigtermAt = Math.floor(requests * Number(values['sigterm-at']));
process.stdout.write(`${requests} requests, ${values.concurrency} at a time, SIGTERM after ${sigtermAt} have started…\n`);
const report = await runGatewayLoad({ url, key, requests, concurrency: Number(values.concurrency), midway: { after: sigtermAt, action: () => child.kill('SIGTERM') } });
await exited;
const ledger = await openLedger(join(dir, 'frugal.duckdb'));
const summary = await ledger.query.summary({ sources: ['gateway'] });
const rows = await ledger.query.listRequests({ filter: { sources: ['gateway'] }, limit: 10_000 });
await ledger.close();
await emulator.close();
rmSync(dir, { recursive: true, force: true });

const errorTotal = [...report.errors.values()].reduce((sum, count) => sum + count, 0);
const lines = [
  '',
  `${requests} requests in ${report.seconds.toFixed(1)} s (${(requests / report.seconds).toFixed(0)} req/s), gateway drained on SIGTERM: ${output.split('\n').find((line) => line.startsWith('stopped')) ?? '(no report)'}`,
  `  succeeded ${report.ok}; clear errors ${errorTotal}; unclear ${report.unclear.length}`,
  ...[...report.errors.entries()].sort((a, b) => b[1] - a[1]).map(([error, count]) => `    ${String(count).padStart(6)}  ${error}`),
  `  emulator answered (billed) ${billed} calls, ${cut} of them cut mid-stream; ledger rows ${summary.rows} (${summary.rows === billed ? 'one per billed call' : 'MISMATCH'}), ${summary.unpricedRows} with unknown cost, total $${summary.cost.toFixed(6)}`,
  ...(rows.length < 10_000 ? [`  distinct request ids among the rows listed: ${new Set(rows.map((row) => row.requestId)).size} of ${rows.length}`] : []),
  ...report.unclear.slice(0, 10).map((outcome) => `  unclear: ${JSON.stringify(outcome)}`),
  '',
];
process.stdout.write(lines.join('\n'));
process.exitCode = report.unclear.length === 0 && summary.rows === billed ? 0 : 1;
