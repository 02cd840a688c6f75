import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { renderSvg } from '../../charts/index.js';
import { loadConfig } from '../../config/index.js';
import { formatUsd, InvalidArgumentError } from '../../core/index.js';
import { type Ledger, defaultLedgerPath, isPostgresUrl, openLedger } from '../../ledger/index.js';
import {
  type ReviewReport,
  buildReviewCharts,
  defaultSampleLedgerPath,
  describeReviewHeadline,
  prepareSampleLedger,
  renderReviewHtml,
  renderReviewMarkdown,
  runReview,
} from '../../review/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseCount } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

interface ReviewOptions {
  ledger?: string;
  since?: string;
  until?: string;
  out?: string;
  json?: boolean;
  sample?: boolean;
  sampleDays: number;
  seed: number;
}

const usd = (value: number): string => formatUsd(value, { cents: true });
const count = (value: number): string => value.toLocaleString('en-US');

/** Writes the report where --out says, in the format its extension names. */
async function writeReport(report: ReviewReport, out: string, cwd: string): Promise<string> {
  const path = resolve(cwd, out);
  const extension = extname(path).toLowerCase();
  let text: string;
  if (extension === '.html' || extension === '.htm') {
    const charts = await Promise.all(buildReviewCharts(report).map(async (chart) => ({ title: chart.title, svg: await renderSvg(chart.spec) })));
    text = renderReviewHtml(report, charts);
  } else if (extension === '.md' || extension === '.markdown') text = renderReviewMarkdown(report);
  else if (extension === '.json') text = formatJson(report);
  else throw new InvalidArgumentError('--out', `--out must end in .html, .md or .json, got "${out}".`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}

function printReview(io: CliIo, report: ReviewReport, out: string | undefined): void {
  if (report.sample !== null) io.stdout(`${report.sample}\n\n`);
  io.stdout(`frugal review of ${report.ledger}: ${report.period.since.slice(0, 10)} to ${report.period.until.slice(0, 10)} (${Math.round(report.period.days)} days)\n`);
  io.stdout(`${count(report.spend.requests)} calls cost ${usd(report.spend.total)}${report.spend.provisioned > 0 ? ` plus ${usd(report.spend.provisioned)} of provisioned throughput` : ''} (catalog ${report.priceVersion})\n\n`);
  io.stdout('Savings plan, levers in compounding order (each priced on what the ones before it left):\n');
  io.stdout(
    formatTable(
      ['lever', 'before', 'saving', 'after', 'changes'],
      [...report.plan.steps.map((step) => [step.title, usd(step.before), usd(step.saving), usd(step.after), String(step.findings)]), ['total', usd(report.plan.before), usd(report.plan.saving), usd(report.plan.after), '']],
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  io.stdout(`${describeReviewHeadline(report)}.\n`);
  let index = 0;
  for (const lever of report.levers) {
    for (const finding of lever.findings) {
      index += 1;
      io.stdout(`\n${index}. [${lever.title}] ${finding.title}\n`);
      io.stdout(`   saves ${usd(finding.plannedSaving)} in the plan (${usd(finding.saving)} alone) on ${usd(finding.affectedSpend)} of spend; confidence ${finding.confidence}: ${finding.confidenceReason}\n`);
      io.stdout(`   do: ${finding.action}\n`);
      if (finding.command !== undefined) io.stdout(`   run: ${finding.command}\n`);
      for (const fact of finding.evidence.facts.slice(0, 3)) io.stdout(`   ${fact.label}: ${fact.value}\n`);
      io.stdout(`   evidence: ${count(finding.evidence.requests)} calls; e.g. request ${finding.evidence.exampleRequestIds.slice(0, 2).join(', ') || '-'}\n`);
    }
  }
  const quiet = report.levers.filter((lever) => lever.findings.length === 0);
  if (quiet.length > 0) io.stdout(`\nNothing to change: ${quiet.map((lever) => `${lever.title.toLowerCase()} (${lever.summary.replace(/\.$/, '')})`).join('; ')}.\n`);
  const measured = report.levers.flatMap((lever) => lever.notes.filter((note) => note.startsWith('Measured:')));
  for (const note of measured) io.stdout(`${note}\n`);
  for (const note of report.notes) io.stdout(`note: ${note}\n`);
  io.stdout(out === undefined ? '\nEvery number with its evidence and charts: frugal review --out review.html (or .md, .json).\n' : '');
}

/** `frugal dashboard` without --ledger opens the sample ledger when it is the default one and no ./frugal.duckdb is beside it. */
function dashboardOpensSample(ledgerArgument: string, cwd: string): boolean {
  return resolve(cwd, ledgerArgument) === resolve(cwd, defaultSampleLedgerPath) && !existsSync(resolve(cwd, defaultLedgerPath));
}

export function registerReviewCommand(program: Command, context: CommandContext): void {
  program
    .command('review')
    .description(commandSummaries.review.description)
    .option('--ledger <path-or-url>', `DuckDB file or postgres://... (default ./${defaultLedgerPath}; with --sample ./${defaultSampleLedgerPath})`)
    .option('--since <when>', 'period start: 30d, 2w, 48h back from the ledger\'s latest day, or an ISO date (default: review.since in frugal.yaml, 30d)')
    .option('--until <when>', 'period end (exclusive): an ISO date; default the end of the ledger\'s latest day')
    .option('--out <file>', 'also write the report: .html (self-contained, with charts), .md or .json')
    .option('--json', 'print the report as JSON')
    .option('--sample', 'generate a month of SAMPLE invocation logs (a fictional bank), ingest them into a fresh ledger and review that')
    .option('--sample-days <n>', 'with --sample: days of traffic', parseCount('--sample-days'), 30)
    .option('--seed <n>', 'with --sample: generator seed (same seed, same data)', parseCount('--seed'), 42)
    .action(async (options: ReviewOptions) => {
      const { io } = context;
      const globals = program.opts<{ config?: string }>();
      const [catalog, loaded] = await Promise.all([context.loadPricing(), loadConfig({ ...(globals.config !== undefined && { path: globals.config }), cwd: io.cwd })]);
      let ledger: Ledger;
      let ledgerArgument: string;
      if (options.sample === true) {
        ledgerArgument = options.ledger ?? defaultSampleLedgerPath;
        if (isPostgresUrl(ledgerArgument)) throw new InvalidArgumentError('--ledger', '--sample writes a fresh DuckDB file; give a file path, not a PostgreSQL URL.');
        if (options.sampleDays < 1) throw new InvalidArgumentError('--sample-days', '--sample-days must be at least 1.');
        if (options.json !== true) io.stderr(`Generating ${options.sampleDays} days of SAMPLE invocation logs (seed ${options.seed}) and ingesting them into ${ledgerArgument} ...\n`);
        const sample = await prepareSampleLedger({ path: ledgerArgument, cwd: io.cwd, pricing: catalog, ingest: loaded.config.ingest, seed: options.seed, days: options.sampleDays });
        ledger = sample.ledger;
        if (options.json !== true) {
          io.stdout(`Sample ledger: ${relative(io.cwd, sample.path) || sample.path} (a fresh DuckDB file of ${count(sample.ingest.records.inserted)} calls, read from the logs in ${relative(io.cwd, sample.logs) || sample.logs}/; your own ledger is untouched). Explore it with --ledger ${ledgerArgument} on frugal report, check, cache and batch${dashboardOpensSample(ledgerArgument, io.cwd) ? ', or in the browser with frugal dashboard' : ''}.\n\n`);
        }
      } else {
        ledgerArgument = options.ledger ?? defaultLedgerPath;
        if (!isPostgresUrl(ledgerArgument) && ledgerArgument !== ':memory:' && !existsSync(resolve(io.cwd, ledgerArgument))) {
          throw new InvalidArgumentError('--ledger', `No ledger at ${ledgerArgument}. Read your usage into one first (frugal ingest AWSLogs/ ...), or try the review on sample data: frugal review --sample.`);
        }
        ledger = await openLedger(ledgerArgument, { cwd: io.cwd });
      }
      let report: ReviewReport;
      try {
        report = await runReview({ ledger, catalog, config: loaded.config.review, ledgerArgument, ...(options.since !== undefined && { since: options.since }), ...(options.until !== undefined && { until: options.until }) });
      } finally {
        await ledger.close();
      }
      const written = options.out === undefined ? undefined : await writeReport(report, options.out, io.cwd);
      if (options.json === true) io.stdout(formatJson(report));
      else {
        printReview(io, report, options.out);
        if (written !== undefined) io.stdout(`\nReport written to ${written}\n`);
      }
    });
}
