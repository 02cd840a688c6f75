/**
 * Ingest benchmark: generates N gzipped Bedrock invocation-log records (default 1,000,000) with
 * the sample workload generator, times `frugal ingest` into a fresh DuckDB ledger, and beside it
 * DuckDB's own read_json over the same files: once counting records (the floor: decompress and
 * scan) and once materialising the fields a ledger row needs (the practical limit for reading).
 *
 *   npm run bench:ingest                      # 1,000,000 records
 *   npm run bench:ingest -- --records 100000  # quicker
 *   npm run bench:ingest -- --dir /data/bench  # where to keep the generated logs (reused if present)
 *
 * Prints wall-clock time and CPU time (all threads of this process, DuckDB's included) for each.
 *
 * Not part of the test suite. On a busy machine trust the CPU figures more than the wall clock.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../../src/cli/run-cli.js';
import { generateSampleLogs } from '../../src/sample/index.js';

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const repo = resolve(import.meta.dirname, '../..');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? (process.argv[index + 1] as string) : fallback;
}

const records = Number(argument('records', '1000000'));
const dir = resolve(argument('dir', join(tmpdir(), `frugal-bench-ingest-${records}`)));
const logs = join(dir, 'logs');
const marker = join(dir, 'generated.json');
const perDayAtScale1 = 965; // the sample tenant's average calls per day at scale 1

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString('en-US')} records/s`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

if (!existsSync(marker)) {
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const scale = Math.ceil((records / (30 * perDayAtScale1)) * 1.1 * 100) / 100;
  const sample = await generateSampleLogs({ out: logs, seed: 7, days: 30, scale, limit: records });
  writeFileSync(marker, JSON.stringify(sample));
  console.log(`generated ${sample.records.toLocaleString('en-US')} records in ${sample.files.toLocaleString('en-US')} files (${(sample.bytes / 1e6).toFixed(0)} MB gzipped) in ${seconds(performance.now() - started)}`);
} else {
  console.log(`reusing the logs in ${logs}`);
}
const generated = JSON.parse(readFileSync(marker, 'utf8')) as { records: number; bytes: number };

// frugal ingest through its CLI entry point, in this process so its CPU time (DuckDB's threads
// included) can be measured beside DuckDB's own: on a shared machine, wall-clock time mostly
// measures the neighbours.
const ledger = join(dir, 'bench.duckdb');
rmSync(ledger, { force: true });
rmSync(`${ledger}.wal`, { force: true });
let stdout = '';
let started = performance.now();
let cpu = process.cpuUsage();
const code = await runCli(['ingest', logs, '--ledger', ledger, '--json', '--no-progress'], {
  stdout: (text) => {
    stdout += text;
  },
  stderr: (text) => process.stderr.write(text),
  cwd: repo,
  env: process.env,
});
const frugalMs = performance.now() - started;
const frugalCpu = cpuMs(process.cpuUsage(cpu));
if (code !== 0) throw new Error(`frugal ingest exited ${code}`);
const report = JSON.parse(stdout) as { records: { read: number; inserted: number; skipped: number } };
console.log(`frugal ingest: ${report.records.read.toLocaleString('en-US')} records, ${report.records.inserted.toLocaleString('en-US')} rows, ${report.records.skipped} skipped; ${seconds(frugalMs)} wall (${rate(report.records.read, frugalMs)}), ${seconds(frugalCpu)} CPU`);

// DuckDB's own reader over the same files.
const glob = `${logs.replaceAll("'", "''")}/AWSLogs/**/*.json.gz`;
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
started = performance.now();
cpu = process.cpuUsage();
const counted = (await db.runAndReadAll(`SELECT count(*) AS n FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`)).getRowObjectsJson();
const countMs = performance.now() - started;
const countCpu = cpuMs(process.cpuUsage(cpu));
console.log(`DuckDB read_json count(*): ${Number(counted[0]?.n).toLocaleString('en-US')} records, ${seconds(countMs)} wall (${rate(generated.records, countMs)}), ${seconds(countCpu)} CPU`);
started = performance.now();
cpu = process.cpuUsage();
await db.run(`CREATE TABLE records AS SELECT requestId, timestamp, accountId, identity.arn AS caller_arn, region, inferenceRegion, operation, modelId, requestMetadata,
  input.inputTokenCount AS input_tokens, input.cacheReadInputTokenCount AS cache_read_tokens, input.cacheWriteInputTokenCount AS cache_write_tokens,
  output.outputTokenCount AS output_tokens, input.inputBodyJson AS input_body, output.outputBodyJson AS output_body
  FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`);
const readMs = performance.now() - started;
const readCpu = cpuMs(process.cpuUsage(cpu));
console.log(`DuckDB read_json into a table (fields + bodies): ${seconds(readMs)} wall (${rate(generated.records, readMs)}), ${seconds(readCpu)} CPU`);
db.closeSync();
instance.closeSync();

console.log(`ratio frugal / DuckDB read_json into a table: ${(frugalMs / readMs).toFixed(2)}x wall, ${(frugalCpu / readCpu).toFixed(2)}x CPU (target: within 2x)`);
console.log(`ratio frugal / DuckDB read_json count(*): ${(frugalMs / countMs).toFixed(2)}x wall, ${(frugalCpu / countCpu).toFixed(2)}x CPU`);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
