import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { formatUsd, InvalidArgumentError } from '../../core/index.js';
import { defaultLedgerPath, isPostgresUrl, openLedger } from '../../ledger/index.js';
import { type CheckResult, runCheck } from '../../report/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { commandSummaries } from '../command-summaries.js';

interface CheckOptions {
  ledger: string;
  asOf?: string;
  json?: boolean;
}

const usd = (value: number): string => formatUsd(value, { cents: true });
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
/** A cost per call is a fraction of a cent: significant digits, not cents. */
const perCall = (value: number): string => formatUsd(value, { precise: true });

function printCheck(io: CliIo, result: CheckResult): void {
  if (result.sample !== null) io.stdout(`${result.sample}\n\n`);
  io.stdout(`frugal check of ${result.ledger}, as of ${result.asOf} (${result.lastUsage === null ? 'no calls yet' : `latest call ${result.lastUsage.slice(0, 16).replace('T', ' ')} UTC`})\n`);
  const { forecast } = result;
  io.stdout(
    `${forecast.month}: ${usd(forecast.monthToDate)} so far; ${forecast.remainingDays === 0 ? 'the month is complete' : `forecast ${usd(forecast.forecast)} by month end (${Math.round(forecast.interval * 100)}% interval ${usd(forecast.low)} to ${usd(forecast.high)}, ${forecast.remainingDays} day${forecast.remainingDays === 1 ? '' : 's'} left)`}\n`,
  );
  if (result.budgets.length > 0) {
    io.stdout('\nBudgets\n');
    io.stdout(formatTable(['budget', 'monthly', 'month to date', 'forecast', 'status'], result.budgets.map((budget) => [budget.name, usd(budget.monthly), usd(budget.monthToDate), usd(budget.forecast), budget.status]), ['left', 'right', 'right', 'right', 'left']));
  }
  const drift = result.drift;
  const rows = [
    ...drift.cacheHitRate.map((entry) => [`cache hit rate: ${entry.task}`, percent(entry.baseline), percent(entry.recent)]),
    ...drift.costPerTask.map((entry) => [`cost per call: ${entry.task}`, perCall(entry.baseline), `${perCall(entry.recent)} (${entry.change >= 0 ? '+' : ''}${percent(entry.change)})`]),
    ...(drift.tier1Share.share === null ? [] : [[`tier-1 share of calls${drift.tier1Share.target === null ? '' : ` (target ${percent(drift.tier1Share.target)})`}`, '', percent(drift.tier1Share.share)]]),
    ...drift.provisioned.map((entry) => [`provisioned ${entry.model}`, `${entry.units} units`, entry.sustained === null ? 'unknown' : `${percent(entry.sustained)} sustained`]),
  ];
  if (rows.length > 0) {
    io.stdout('\nDrift (earlier weeks → last days)\n');
    io.stdout(formatTable(['measure', 'before', 'now'], rows, ['left', 'right', 'right']));
  }
  const flagged = result.daily.filter((day) => day.anomaly !== null);
  if (flagged.length > 0) io.stdout(`\nUnusual days in the last weeks (same-weekday median and MAD): ${flagged.map((day) => `${day.day} ${day.anomaly} ${usd(day.cost)} vs ${usd(day.expected ?? 0)}`).join('; ')}\n`);
  io.stdout('\n');
  if (result.alarms.length === 0) io.stdout('No alarms.\n');
  for (const alarm of result.alarms) io.stdout(`${alarm.severity === 'alarm' ? 'ALARM' : 'warning'} [${alarm.kind}] ${alarm.message}\n`);
  for (const note of result.notes) io.stdout(`note: ${note}\n`);
}

export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description(commandSummaries.check.description)
    .option('--ledger <path-or-url>', `DuckDB file or postgres://... (default ./${defaultLedgerPath})`, defaultLedgerPath)
    .option('--as-of <day>', 'the last complete day to check, YYYY-MM-DD (default: the ledger\'s latest day, or yesterday when that is today)')
    .option('--json', 'print the result as JSON (the dashboard reads the same)')
    .action(async (options: CheckOptions) => {
      const { io } = context;
      if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new InvalidArgumentError('--as-of', `--as-of must be a day as YYYY-MM-DD, got "${options.asOf}".`);
      if (!isPostgresUrl(options.ledger) && options.ledger !== ':memory:' && !existsSync(resolve(io.cwd, options.ledger))) {
        throw new InvalidArgumentError('--ledger', `No ledger at ${options.ledger}. Read usage into one first (frugal ingest ...), or make the sample one: frugal review --sample.`);
      }
      const globals = program.opts<{ config?: string }>();
      const [catalog, loaded] = await Promise.all([context.loadPricing(), loadConfig({ ...(globals.config !== undefined && { path: globals.config }), cwd: io.cwd })]);
      const ledger = await openLedger(options.ledger, { cwd: io.cwd });
      let result: CheckResult;
      try {
        result = await runCheck({ ledger, catalog, config: loaded.config, ...(options.asOf !== undefined && { asOf: options.asOf }) });
      } finally {
        await ledger.close();
      }
      if (options.json === true) io.stdout(formatJson(result));
      else printCheck(io, result);
      // Cron and CI read the exit code: 1 when an alarm fired (warnings do not fail), 2 for bad input, as everywhere.
      context.exitCode = result.fired ? 1 : 0;
    });
}
