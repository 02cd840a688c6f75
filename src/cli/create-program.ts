import { Command } from 'commander';
import { loadConfig, loadPricingCatalog } from '../config/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { CliIo } from './cli-io.js';
import { registerBatchCommand } from './commands/batch-command.js';
import { registerBenchCommand } from './commands/bench-command.js';
import { registerCacheCommand } from './commands/cache-command.js';
import { registerCheckCommand } from './commands/check-command.js';
import { registerCrossoverCommand } from './commands/crossover-command.js';
import { registerDashboardCommand } from './commands/dashboard-command.js';
import { registerEmulatorCommand } from './commands/emulator-command.js';
import { registerEstimateCommand } from './commands/estimate-command.js';
import { registerGatewayCommand } from './commands/gateway-command.js';
import { registerIngestCommand } from './commands/ingest-command.js';
import { registerPricesCommand } from './commands/prices-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerReviewCommand } from './commands/review-command.js';
import { registerRouteCommand } from './commands/route-command.js';

export const version = '0.1.0';

/** What every command gets: where to write, and the catalog with the user's overrides applied. */
export interface CommandContext {
  io: CliIo;
  loadPricing(): Promise<PricingCatalog>;
  /** Exit code the command asks for (a fired alarm, say); 0 by default. */
  exitCode: number;
}

export function createProgram(io: CliIo): { program: Command; context: CommandContext } {
  const program = new Command('frugal')
    .description('Measure and cut what you pay for LLM inference on Amazon Bedrock.')
    .version(version)
    .option('--config <file>', 'config file (default: ./frugal.yaml when present)')
    .option('--catalog <file>', 'price catalog JSON to use instead of the shipped one')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });

  let pricing: Promise<PricingCatalog> | undefined;
  const context: CommandContext = {
    io,
    exitCode: 0,
    loadPricing() {
      const options = program.opts<{ config?: string; catalog?: string }>();
      pricing ??= loadConfig({ ...(options.config !== undefined && { path: options.config }), cwd: io.cwd }).then((loaded) =>
        loadPricingCatalog(loaded, options.catalog),
      );
      return pricing;
    },
  };

  registerPricesCommand(program, context);
  registerEstimateCommand(program, context);
  registerCrossoverCommand(program, context);
  registerEmulatorCommand(program, context);
  registerIngestCommand(program, context);
  registerBenchCommand(program, context);
  registerBatchCommand(program, context);
  registerCacheCommand(program, context);
  registerRouteCommand(program, context);
  registerDashboardCommand(program, context);
  registerReviewCommand(program, context);
  registerReportCommand(program, context);
  registerCheckCommand(program, context);
  registerGatewayCommand(program, context);
  for (const command of program.commands) command.exitOverride();
  return { program, context };
}
