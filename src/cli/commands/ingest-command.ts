import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError, formatUsd } from '../../core/index.js';
import { loadConfig } from '../../config/index.js';
import { type IngestProgress, type IngestReport, ingestSources } from '../../ingest/index.js';
import { defaultLedgerPath, isPostgresUrl, openLedger } from '../../ledger/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { commandSummaries } from '../command-summaries.js';
import { s3SettingsFrom } from '../s3-settings-from.js';

interface IngestOptions {
  ledger: string;
  json?: boolean;
  bodies: boolean;
  progress: boolean;
  s3Endpoint?: string;
  workers?: string;
  reread?: boolean;
}

const count = (value: number): string => value.toLocaleString('en-US');

/** A records-per-second bar on stderr, only when a person is watching (a TTY). */
function createProgressBar(enabled: boolean): { update(progress: IngestProgress): void; stop(): void } {
  if (!enabled || process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const started = performance.now();
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'ingest [{bar}] {percentage}% | {records} records | {rate} records/s | file {filesDone}/{files}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  return {
    update(progress) {
      const payload = { records: count(progress.records), rate: count(Math.round(progress.records / Math.max(0.001, (performance.now() - started) / 1000))), filesDone: progress.filesDone, files: progress.files };
      if (!running) {
        bar.start(Math.max(1, progress.totalBytes), 0, payload);
        running = true;
      }
      bar.update(progress.bytesDone, payload);
    },
    stop() {
      if (running) bar.stop();
    },
  };
}

function describeFiles(files: IngestReport['files']): string {
  const parts = [`${count(files.invocationLogs)} invocation-log`, `${count(files.billing)} billing`];
  if (files.benchResults > 0) parts.push(`${count(files.benchResults)} bench results`);
  if (files.otlpTraces > 0) parts.push(`${count(files.otlpTraces)} OTLP traces`);
  if (files.usageRows > 0) parts.push(`${count(files.usageRows)} usage rows`);
  if (files.ignored > 0) parts.push(`${count(files.ignored)} ignored (bench summary or CSV)`);
  if (files.unreadable > 0) parts.push(`${count(files.unreadable)} unreadable or cut short`);
  if (files.unchanged > 0) parts.push(`${count(files.unchanged)} unchanged since ingested, skipped (--reread reads them)`);
  return parts.join(', ');
}

function printReport(io: CliIo, report: IngestReport, ledgerKind: string): void {
  const { records, files, billing, cost, usage } = report;
  io.stdout(`Ingested into ${report.ledger} (${ledgerKind})\n`);
  const rows = [
    ['files', describeFiles(files)],
    ['records read', count(records.read)],
    ['new rows', count(records.inserted)],
    ['already in the ledger', count(records.alreadyInLedger)],
    ...(records.replaced > 0 ? [['revised billing rows replaced', count(records.replaced)]] : []),
    ['skipped', count(records.skipped)],
    ...(files.invocationLogs + files.benchResults + files.otlpTraces + files.usageRows > 0 ? [['cost of the calls (catalog prices)', formatUsd(cost.catalog)]] : []),
    ...(report.bench.calls + report.bench.judgeRows > 0 ? [['bench rows', `${count(report.bench.calls)} calls, ${count(report.bench.judgeRows)} judge rows`]] : []),
    ...(report.otel.spans > 0 ? [['OTLP spans', `${count(report.otel.spans)} read, ${count(report.otel.calls)} GenAI calls; left out: ${count(report.otel.nonGenAiSpans)} not GenAI, ${count(report.otel.otherGenAiSpans)} other GenAI, ${count(report.otel.failedWithoutUsage)} failed without usage`]] : []),
    ...(files.billing > 0 ? [['billed cost (billing exports)', formatUsd(cost.billed)]] : []),
    ...(cost.unpricedRows > 0 ? [['rows with unknown cost', count(cost.unpricedRows)]] : []),
    ['usage', usage.first === null ? '-' : `${usage.first.slice(0, 16).replace('T', ' ')} to ${(usage.last ?? usage.first).slice(0, 16).replace('T', ' ')} UTC`],
    ['speed', `${count(report.recordsPerSecond)} records/s (${(report.durationMs / 1000).toFixed(1)} s)`],
  ];
  io.stdout(formatTable([], rows, ['left', 'right']));
  if (billing.files > 0) {
    io.stdout(
      `Billing: ${count(billing.rowsRead)} rows read; ${count(billing.bedrockRows)} Amazon Bedrock (${count(billing.nonUsageRows)} tax/credit/fee lines left out); ` +
        `${count(billing.otherRows)} other services ignored${billing.otherAiRows > 0 ? ` (${count(billing.otherAiRows)} AI and Machine Learning, not Bedrock)` : ''}. ` +
        `Billed ${formatUsd(billing.billedCost)}${billing.comparedCatalogCost > 0 ? `; the catalog prices ${formatUsd(billing.comparedBilledCost)} of it at ${formatUsd(billing.comparedCatalogCost)}` : ''}.\n`,
    );
  }
  if (report.issues.length > 0) {
    io.stdout('Skipped (good records around them were kept; fix and re-run, nothing is ingested twice):\n');
    io.stdout(
      formatTable(
        ['problem', 'count', 'first seen', 'why'],
        report.issues.map((issue) => {
          const first = issue.examples[0];
          const where = first === undefined ? '' : `${first.file}${first.line === null ? '' : `:${first.line}`}`;
          return [issue.kind, count(issue.count), where, (first?.message ?? '').slice(0, 100)];
        }),
        ['left', 'right', 'left', 'left'],
      ),
    );
  }
}

export function registerIngestCommand(program: Command, context: CommandContext): void {
  program
    .command('ingest')
    .description(commandSummaries.ingest.description)
    .argument('<sources...>', 'folders, files (.json.gz, .json, .jsonl, CloudWatch exports, .csv, .csv.gz, .parquet; JSON formats told by content) or s3://bucket/prefix')
    .option('--ledger <path-or-url>', `DuckDB file, or postgres://... (default ./${defaultLedgerPath})`, defaultLedgerPath)
    .option('--no-bodies', 'do not read offloaded request/response bodies (inputBodyS3Path)')
    .option('--no-progress', 'no progress bar (it only shows on a terminal anyway)')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or AWS)')
    .option('--workers <n>', 'worker threads that read invocation logs, local or in S3 (default: one per core for 16 MB of logs or more; 0: none)')
    .option('--reread', 'read files again that were ingested before and have not changed since (by default they are skipped)')
    .option('--json', 'machine-readable report')
    .action(async (sources: string[], options: IngestOptions) => {
      const { io } = context;
      const workers = options.workers === undefined ? 'auto' : Number(options.workers);
      if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) throw new InvalidArgumentError('workers', `--workers takes a whole number from 0 to 64, got "${options.workers}".`);
      const globals = program.opts<{ config?: string }>();
      const [pricing, loaded] = await Promise.all([
        context.loadPricing(),
        loadConfig({ ...(globals.config !== undefined && { path: globals.config }), cwd: io.cwd }),
      ]);
      const ledger = await openLedger(options.ledger, { cwd: io.cwd });
      const bar = createProgressBar(options.progress && options.json !== true);
      let report: IngestReport;
      try {
        report = await ingestSources({
          sources,
          ledger,
          pricing,
          pricingInputs: { catalog: pricing.catalog, overrides: loaded.config.pricing },
          config: loaded.config.ingest,
          cwd: io.cwd,
          s3: s3SettingsFrom(io, options.s3Endpoint),
          fetchBodies: options.bodies,
          workers,
          reread: options.reread === true,
          onProgress: (progress) => bar.update(progress),
        });
      } finally {
        bar.stop();
        await ledger.close();
      }
      // A re-run that finds only files it ingested before has nothing to read: not a failure.
      const nothingNew = report.files.unchanged > 0 && report.records.read === 0 && report.issues.length === 0;
      if (options.json === true) io.stdout(formatJson(report));
      else if (nothingNew) io.stdout(`Nothing new for ${report.ledger}: ${count(report.files.unchanged)} file(s) unchanged since they were ingested (--reread reads them again).\n`);
      else printReport(io, report, isPostgresUrl(options.ledger) ? 'PostgreSQL' : 'DuckDB');
      if (report.records.valid === 0 && !nothingNew) {
        io.stderr('frugal: nothing valid was read from the sources; see the problems above.\n');
        context.exitCode = 2;
      }
    });
}
