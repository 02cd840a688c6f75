/**
 * Ingest benchmark: generates N gzipped Bedrock invocation-log records (default 1,000,000) with
 * the sample workload generator, times `frugal ingest` into a fresh DuckDB ledger, and beside it
 * DuckDB's own read_json over the same files: once counting records (the floor: decompress and
 * scan) and once materialising the fields a ledger row needs (the practical limit for reading).
 *
 *   npm run bench:ingest                      # 1,000,000 records
 *   npm run bench:ingest -- --records 100000  # quicker
 *   npm run bench:ingest -- --dir /data/bench  # where to keep the generated logs (reused if present)
 *   npm run build && npm run bench:ingest -- --dist   # time the built CLI instead of the sources
 *
 * Not part of the test suite. Run it on an otherwise idle machine: the figures are wall-clock.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSampleLogs } from '../../src/sample/index.js';

const run = promisify(execFile);
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

// frugal ingest, as a user runs it (a separate process, built or through tsx).
const ledger = join(dir, 'bench.duckdb');
rmSync(ledger, { force: true });
rmSync(`${ledger}.wal`, { force: true });
// The source through tsx by default (dist may be stale); --dist runs the build.
const built = process.argv.includes('--dist') && existsSync(join(repo, 'dist/cli/main.js'));
const command = built ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
let started = performance.now();
const output = await run(process.execPath, [...command, 'ingest', logs, '--ledger', ledger, '--json'], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
const frugalMs = performance.now() - started;
const report = JSON.parse(output.stdout) as { records: { read: number; inserted: number; skipped: number }; durationMs: number };
console.log(`frugal ingest (${built ? 'dist' : 'tsx'}): ${report.records.read.toLocaleString('en-US')} records, ${report.records.inserted.toLocaleString('en-US')} rows, ${report.records.skipped} skipped; ${seconds(frugalMs)} wall, ${rate(report.records.read, frugalMs)}`);

// DuckDB's own reader over the same files.
const glob = `${logs.replaceAll("'", "''")}/AWSLogs/**/*.json.gz`;
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
started = performance.now();
const counted = (await db.runAndReadAll(`SELECT count(*) AS n FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`)).getRowObjectsJson();
const countMs = performance.now() - started;
console.log(`DuckDB read_json count(*): ${Number(counted[0]?.n).toLocaleString('en-US')} records, ${seconds(countMs)}, ${rate(generated.records, countMs)}`);
started = performance.now();
await db.run(`CREATE TABLE records AS SELECT requestId, timestamp, accountId, identity.arn AS caller_arn, region, inferenceRegion, operation, modelId, requestMetadata,
  input.inputTokenCount AS input_tokens, input.cacheReadInputTokenCount AS cache_read_tokens, input.cacheWriteInputTokenCount AS cache_write_tokens,
  output.outputTokenCount AS output_tokens, input.inputBodyJson AS input_body, output.outputBodyJson AS output_body
  FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`);
const readMs = performance.now() - started;
console.log(`DuckDB read_json into a table (fields + bodies): ${seconds(readMs)}, ${rate(generated.records, readMs)}`);
db.closeSync();
instance.closeSync();

console.log(`ratio frugal / DuckDB read_json into a table: ${(frugalMs / readMs).toFixed(2)}x (target: within 2x)`);
console.log(`ratio frugal / DuckDB read_json count(*): ${(frugalMs / countMs).toFixed(2)}x`);
