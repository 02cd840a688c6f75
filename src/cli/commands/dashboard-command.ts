import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { defaultBenchDirectory, defaultDashboardPort, startDashboard } from '../../dashboard/index.js';
import { defaultLedgerPath, isPostgresUrl, redactPostgresUrl } from '../../ledger/index.js';
import { defaultSampleLedgerPath } from '../../review/index.js';
import type { CommandContext } from '../create-program.js';
import { parseCount } from '../parse-options.js';
import { type WaitForStop, waitForSignal } from './emulator-command.js';
import { commandSummaries } from '../command-summaries.js';

interface DashboardCommandOptions {
  ledger?: string;
  port: number;
  host: string;
  bench: string;
}

/**
 * The ledger `frugal dashboard` opens without --ledger: ./frugal.duckdb when it exists, else the
 * sample ledger `frugal review --sample` left here (with a note saying so), else ./frugal.duckdb,
 * which then fails with what to do.
 */
export function chooseDashboardLedger(option: string | undefined, cwd: string): { ledger: string; note?: string } {
  if (option !== undefined) return { ledger: option };
  if (!existsSync(resolve(cwd, defaultLedgerPath)) && existsSync(resolve(cwd, defaultSampleLedgerPath))) {
    return {
      ledger: defaultSampleLedgerPath,
      note: `No ./${defaultLedgerPath} here, so this is the SAMPLE ledger ./${defaultSampleLedgerPath} from frugal review --sample (pass --ledger to choose another).`,
    };
  }
  return { ledger: defaultLedgerPath };
}

/** `frugal dashboard`: serves the page and its read-only API until Ctrl+C; `waitForStop` is injectable for tests. */
export function registerDashboardCommand(program: Command, context: CommandContext, waitForStop: WaitForStop = waitForSignal): Command {
  return program
    .command('dashboard')
    .description(commandSummaries.dashboard.description)
    .option('--ledger <path-or-url>', `DuckDB file, or postgres://... (default ./${defaultLedgerPath}, or ./${defaultSampleLedgerPath} from frugal review --sample when it is the only one here)`)
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseCount('--port'), defaultDashboardPort)
    .option('--host <host>', 'interface to listen on (loopback by default: the page shows your spend)', '127.0.0.1')
    .option('--bench <dir>', 'a frugal bench run folder, or a folder of runs; the latest is shown', defaultBenchDirectory)
    .action(async (options: DashboardCommandOptions) => {
      const { io } = context;
      const globals = program.opts<{ config?: string }>();
      const [catalog, loaded] = await Promise.all([context.loadPricing(), loadConfig({ ...(globals.config !== undefined && { path: globals.config }), cwd: io.cwd })]);
      const chosen = chooseDashboardLedger(options.ledger, io.cwd);
      const signal = waitForStop();
      try {
        const dashboard = await startDashboard({
          ledger: chosen.ledger,
          cwd: io.cwd,
          host: options.host,
          port: options.port,
          benchDirectory: options.bench,
          insights: { catalog, config: loaded.config },
        });
        const ledger = isPostgresUrl(chosen.ledger) ? redactPostgresUrl(chosen.ledger) : dashboard.ledger.location;
        io.stdout(
          [
            ...(chosen.note === undefined ? [] : [chosen.note]),
            `frugal dashboard: ${dashboard.url}`,
            `ledger ${ledger} (read only${dashboard.ledger.kind === 'duckdb' ? '; the file stays locked while the dashboard runs, so stop it before the next ingest' : ''})`,
            existsSync(resolve(io.cwd, options.bench)) ? `bench results from ${options.bench}` : `no bench runs in ${options.bench} yet (frugal bench writes them there; the page shows the latest on reload)`,
            'Press Ctrl+C to stop.',
            '',
          ].join('\n'),
        );
        try {
          await signal.stopped;
        } finally {
          await dashboard.close();
          io.stdout('frugal dashboard: stopped.\n');
        }
      } finally {
        signal.dispose();
      }
    });
}
