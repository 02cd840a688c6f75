/**
 * Ingest benchmark: generates N gzipped Bedrock invocation-log records (default 1,000,000) with
 * the sample workload generator, times `frugal ingest` into a fresh DuckDB ledger, and beside it
 * DuckDB's own read_json over the same files: once counting records (the floor: decompress and
 * scan), once materialising the fields a ledger row needs in memory (the practical limit for
 * reading; the target is measured against it), and once into a database file, which compresses
 * and writes them as a ledger must (for comparison only).
 *
 *   npm run bench:ingest                      # 1,000,000 records
 *   npm run bench:ingest -- --records 100000  # quicker
 *   npm run bench:ingest -- --dir /data/bench  # where to keep the generated logs (reused if present)
 *   npm run bench:ingest -- --rounds 5         # rounds of every contender, in rotated order (default 3)
 *   npm run bench:ingest -- --baseline ../frugal-old   # also time another checkout's `frugal ingest`
 *   npm run bench:ingest -- --workers 0        # this checkout without worker threads
 *
 * Every contender runs once per round in a fresh Node process (no JIT, heap or cache carried over),
 * the order rotated from round to round so a busy spell on a shared machine hits them alike;
 * medians are reported, and each ratio also round by round. Wall-clock time and CPU time (all
 * threads of the process: workers and DuckDB's own included) for each, from the contender's first
 * import: frugal's loading its modules (and DuckDB's, for the ledger), DuckDB's loading its
 * library (~0.14 s, which the DuckDB runs left out before 2026-11-30). Each checkout runs its
 * built CLI (`dist/`, from `npm run build`) when it has one, in plain Node as users do (see
 * `run-checkout-ingest.mjs`), else its TypeScript sources through tsx (a baseline's node_modules
 * may be a symlink to ours).
 *
 * Not part of the test suite. On a busy machine trust the CPU figures more than the wall clock.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { generateSampleLogs } from '../../src/sample/index.js';

interface Measure {
  wallMs: number;
  cpuMs: number;
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const repo = resolve(import.meta.dirname, '../..');
const checkoutRunner = join(import.meta.dirname, 'run-checkout-ingest.mjs');

function argument(name: string, fallback: string): string;
function argument(name: string): string | undefined;
function argument(name: string, fallback?: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? (process.argv[index + 1] as string) : fallback;
}

const records = Number(argument('records', '1000000'));
const rounds = Math.max(1, Number(argument('rounds', '3')));
const baseline = argument('baseline');
const workers = argument('workers');
const dir = resolve(argument('dir', join(tmpdir(), `frugal-bench-ingest-${records}`)));
const logs = join(dir, 'logs');
const marker = join(dir, 'generated.json');
const perDayAtScale1 = 965; // the sample tenant's average calls per day at scale 1

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString('en-US')} records/s`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

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

/**
 * One DuckDB run, in this (child) process. Its time includes loading DuckDB's library, as
 * frugal's includes loading frugal (and DuckDB, for the ledger): each contender from its first import.
 */
async function runDuckdb(kind: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const glob = `${logs.replaceAll("'", "''")}/AWSLogs/**/*.json.gz`;
  const file = join(dir, `duckdb-${process.pid}.duckdb`);
  const instance = await DuckDBInstance.create(kind === 'duckdb-file' ? file : ':memory:');
  const db = await instance.connect();
  if (kind === 'duckdb-count') {
    await db.run(`SELECT count(*) AS n FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`);
  } else {
    await db.run(`CREATE TABLE records AS SELECT requestId, timestamp, accountId, identity.arn AS caller_arn, region, inferenceRegion, operation, modelId, requestMetadata,
  input.inputTokenCount AS input_tokens, input.cacheReadInputTokenCount AS cache_read_tokens, input.cacheWriteInputTokenCount AS cache_write_tokens,
  output.outputTokenCount AS output_tokens, input.inputBodyJson AS input_body, output.outputBodyJson AS output_body
  FROM read_json('${glob}', format = 'newline_delimited', maximum_object_size = 104857600)`);
  }
  db.closeSync();
  instance.closeSync();
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const measured: Measure = { wallMs: performance.now() - started, cpuMs: cpuMs(process.cpuUsage(cpu)) };
  console.log(JSON.stringify(measured));
}

const child = argument('child');
if (child !== undefined) {
  await runDuckdb(child);
  process.exit(0);
}

const checkoutRun = z.object({ wallMs: z.number(), cpuMs: z.number(), inserted: z.number() });
const duckdbRun = z.object({ wallMs: z.number(), cpuMs: z.number() });
/** The last line a child printed: its own (what it ran may have printed before). */
const lastLine = (output: string): unknown => JSON.parse(output.trim().split('\n').pop() ?? '');
const run = (args: readonly string[]): string => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });

/** A checkout's `frugal ingest` (see `run-checkout-ingest.mjs`) or a DuckDB run (this script as a child), in a fresh process. */
function measure(kind: string): Measure {
  if (kind.startsWith('duckdb-')) return duckdbRun.parse(lastLine(run([...process.execArgv, import.meta.filename, '--child', kind, '--records', String(records), '--dir', dir])));
  const built = join(kind, 'dist/cli/run-cli.js');
  const cli = existsSync(built) ? { module: built, loader: [] } : { module: join(kind, 'src/cli/run-cli.ts'), loader: ['--import', 'tsx'] };
  const ledger = join(dir, `bench-${process.pid}.duckdb`);
  try {
    const measured = checkoutRun.parse(
      lastLine(run([...cli.loader, checkoutRunner, cli.module, kind, logs, '--ledger', ledger, '--json', '--no-progress', ...(workers !== undefined && kind === repo ? ['--workers', workers] : [])])),
    );
    if (measured.inserted !== generated.records) throw new Error(`frugal ingest (${kind}) wrote ${measured.inserted} rows of ${generated.records}`);
    return { wallMs: measured.wallMs, cpuMs: measured.cpuMs };
  } finally {
    rmSync(ledger, { force: true });
    rmSync(`${ledger}.wal`, { force: true });
  }
}

const contenders: { name: string; kind: string }[] = [{ name: 'frugal ingest', kind: repo }];
if (baseline !== undefined) contenders.push({ name: `baseline ingest (${resolve(baseline)})`, kind: resolve(baseline) });
contenders.push(
  { name: 'DuckDB read_json into a table (fields + bodies)', kind: 'duckdb-table' },
  { name: 'DuckDB read_json into a table in a database file', kind: 'duckdb-file' },
  { name: 'DuckDB read_json count(*)', kind: 'duckdb-count' },
);

const results = new Map<string, Measure[]>(contenders.map((contender) => [contender.name, []]));
for (let round = 0; round < rounds; round += 1) {
  const order = contenders.map((_, index) => contenders[(index + round) % contenders.length] as (typeof contenders)[number]);
  for (const contender of order) {
    const result = measure(contender.kind);
    results.get(contender.name)?.push(result);
    console.log(`round ${round + 1}: ${contender.name}: ${seconds(result.wallMs)} wall, ${seconds(result.cpuMs)} CPU (load ${loadavg()[0]?.toFixed(1)})`);
  }
}

console.log(`\nmedians of ${rounds} rounds, ${generated.records.toLocaleString('en-US')} records (${(generated.bytes / 1e6).toFixed(0)} MB gzipped):`);
for (const [name, measures] of results) {
  const wallMs = median(measures.map((entry) => entry.wallMs));
  const cpu = median(measures.map((entry) => entry.cpuMs));
  console.log(`  ${name}: ${seconds(wallMs)} wall (${rate(generated.records, wallMs)}), ${seconds(cpu)} CPU (runs: ${measures.map((entry) => `${seconds(entry.wallMs)}/${seconds(entry.cpuMs)}`).join(', ')})`);
}
/**
 * A contender against another: the ratio of their medians, and the ratios within each round (the
 * two ran minutes apart, so a host that slows down for a while moves both alike).
 */
function ratio(name: string, against: string, what: 'wallMs' | 'cpuMs'): string {
  const own = results.get(name) as Measure[];
  const other = results.get(against) as Measure[];
  const ofMedians = median(own.map((entry) => entry[what])) / median(other.map((entry) => entry[what]));
  const perRound = own.map((entry, index) => entry[what] / (other[index] as Measure)[what]).sort((a, b) => a - b);
  const range = perRound.length === 1 ? '' : ` (rounds ${(perRound[0] as number).toFixed(2)}-${(perRound[perRound.length - 1] as number).toFixed(2)}x, median ${median(perRound).toFixed(2)}x)`;
  return `${ofMedians.toFixed(2)}x ${what === 'wallMs' ? 'wall' : 'CPU'}${range}`;
}
for (const contender of contenders.filter((entry) => !entry.name.startsWith('DuckDB'))) {
  for (const [against, note] of [
    ['DuckDB read_json into a table (fields + bodies)', ' (target: within 2x)'],
    ['DuckDB read_json into a table in a database file', ''],
    ['DuckDB read_json count(*)', ''],
  ] as const) {
    console.log(`ratio ${contender.name} / ${against.replace(' (fields + bodies)', '')}: ${ratio(contender.name, against, 'wallMs')}, ${ratio(contender.name, against, 'cpuMs')}${note}`);
  }
}
if (baseline !== undefined) {
  const base = contenders[1]?.name as string;
  console.log(`frugal ingest / baseline: ${ratio('frugal ingest', base, 'wallMs')}, ${ratio('frugal ingest', base, 'cpuMs')} (under 1: frugal is faster)`);
}
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
