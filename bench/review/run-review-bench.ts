/**
 * Review benchmark: `frugal review` on a ledger of 1,000,000 calls (target: under 10 seconds).
 *
 *   npm run bench:review                          # builds the ledger once, then times the review
 *   npm run bench:review -- --rows 200000          # a smaller ledger
 *   npm run bench:review -- --ledger other.duckdb  # time an existing ledger instead
 *   npm run bench:review -- --repeat 3             # review 3 times, report each and the median
 *
 * The ledger is built once (and reused) from the sample month: its logs are generated and read by
 * `frugal ingest` like real ones (`frugal review --sample`), then the month's rows are copied
 * with new request ids and arrival times a few seconds apart until there are --rows of them,
 * day by day in time order through the ledger's bulk loader, as an ingest would write them. The
 * copies keep the sample's shape (tasks, callers, prompts, hours of the day) at about 35 times
 * its volume: what a large tenant's month looks like to the review.
 *
 * The review runs through the CLI entry point in this process (--json, so no terminal
 * rendering is timed) and prints wall-clock and CPU time (all threads, DuckDB's included) with
 * the time of each step. Not part of the test suite. On a busy machine trust the CPU figures more.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import type { UsageRow } from '../../src/core/index.js';
import { openLedger } from '../../src/ledger/index.js';

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? (process.argv[index + 1] as string) : fallback;
}

const rows = Number(argument('rows', '1000000'));
const repeat = Number(argument('repeat', '1'));
const dir = resolve(argument('dir', join(tmpdir(), `frugal-bench-review-${rows}`)));
const given = process.argv.includes('--ledger') ? resolve(argument('ledger', '')) : undefined;
const ledgerPath = given ?? join(dir, 'review.duckdb');

async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => process.stderr.write(text), cwd: dir, env: process.env });
  return { code, stdout };
}

/** The sample month into a seed ledger, then copies of its rows until the ledger holds `rows`. */
async function buildLedger(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const seed = await run(['review', '--sample', '--ledger', ledgerPath, '--json']);
  if (seed.code !== 0) throw new Error(`frugal review --sample exited ${seed.code}`);
  const ledger = await openLedger(ledgerPath);
  const month: UsageRow[] = [];
  for await (const page of ledger.query.scanRequests()) month.push(...page);
  // Copies go in day by day, in time order, as an ingest of a month of logs writes them: the
  // ledger's row groups then cover a few hours each, which is what lets a query on a time window skip the rest.
  const extra = Math.max(0, rows - month.length);
  const base = Math.floor(extra / month.length);
  const remainder = extra % month.length;
  const copiesOf = (index: number): number => base + (((index * 7919) % month.length) < remainder ? 1 : 0);
  const loader = ledger.bulkInsert();
  const byDay = new Map<string, { row: UsageRow; index: number }[]>();
  month.forEach((row, index) => byDay.set(row.usageStart.slice(0, 10), [...(byDay.get(row.usageStart.slice(0, 10)) ?? []), { row, index }]));
  for (const day of [...byDay.keys()].sort()) {
    const batch: UsageRow[] = [];
    for (const { row, index } of byDay.get(day) ?? []) {
      const start = Date.parse(row.usageStart);
      const hour = Math.floor(start / 3_600_000) * 3_600_000;
      for (let copy = 1; copy <= copiesOf(index); copy += 1) {
        // A few seconds to minutes later each copy, wrapped inside the same hour: the month keeps its hours of the day.
        const moved = hour + ((start - hour + ((copy * 7919) % 3600) * 1000) % 3_600_000);
        batch.push({ ...row, requestId: `${row.requestId}~${copy}`, usageStart: new Date(moved).toISOString(), usageEnd: new Date(moved + (Date.parse(row.usageEnd) - start)).toISOString() });
      }
    }
    batch.sort((left, right) => left.usageStart.localeCompare(right.usageStart));
    await loader.add(batch);
  }
  const result = await loader.finish();
  const total = (await ledger.query.summary()).rows;
  await ledger.close();
  console.log(`built ${ledgerPath}: ${total.toLocaleString('en-US')} rows (${result.inserted.toLocaleString('en-US')} copied) in ${seconds(performance.now() - started)}`);
}

if (given === undefined && !existsSync(ledgerPath)) await buildLedger();
else console.log(`reusing ${ledgerPath}`);
{
  const ledger = await openLedger(ledgerPath);
  console.log(`ledger rows: ${(await ledger.query.summary()).rows.toLocaleString('en-US')}`);
  await ledger.close();
}
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);

const walls: number[] = [];
for (let round = 1; round <= repeat; round += 1) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { code, stdout } = await run(['review', '--ledger', ledgerPath, '--json']);
  const wall = performance.now() - started;
  const cpuTime = cpuMs(process.cpuUsage(cpu));
  if (code !== 0) throw new Error(`frugal review exited ${code}`);
  walls.push(wall);
  const report = JSON.parse(stdout) as { spend: { total: number; requests: number }; plan: { saving: number }; timings: Record<string, number> };
  console.log(
    `frugal review, round ${round}: ${seconds(wall)} wall, ${seconds(cpuTime)} CPU; ${report.spend.requests.toLocaleString('en-US')} calls, $${report.spend.total.toFixed(2)} reviewed, $${report.plan.saving.toFixed(2)} in the plan`,
  );
  console.log(`  steps (ms): ${Object.entries(report.timings).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
}
const median = [...walls].sort((left, right) => left - right)[Math.floor(walls.length / 2)] ?? 0;
console.log(`median ${seconds(median)} against the 10 s target: ${(median / 10_000).toFixed(2)}× of it (${median < 10_000 ? 'within' : 'over'})`);
