import { Command } from 'commander';
import { loadConfig, loadPricingCatalog } from '../config/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { CliIo } from './cli-io.js';

export const version = '0.1.0';

/** What every command gets: where to write, and the catalog with the user's overrides applied. */
export interface CommandContext {
  io: CliIo;
  loadPricing(): Promise<PricingCatalog>;
  /** Exit code the command asks for (a fired alarm, say); 0 by default. */
  exitCode: number;
}

type RegisterCommand = (program: Command, context: CommandContext) => void;

/**
 * Each command's module, in the order help lists them, loaded only when needed: a command's
 * module brings its libraries (AWS SDK clients, OpenTelemetry, charts, servers), and loading
 * them all cost every run ~2 s before doing anything.
 */
const commandModules: Record<string, () => Promise<RegisterCommand>> = {
  prices: async () => (await import('./commands/prices-command.js')).registerPricesCommand,
  estimate: async () => (await import('./commands/estimate-command.js')).registerEstimateCommand,
  crossover: async () => (await import('./commands/crossover-command.js')).registerCrossoverCommand,
  emulator: async () => (await import('./commands/emulator-command.js')).registerEmulatorCommand,
  ingest: async () => (await import('./commands/ingest-command.js')).registerIngestCommand,
  bench: async () => (await import('./commands/bench-command.js')).registerBenchCommand,
  batch: async () => (await import('./commands/batch-command.js')).registerBatchCommand,
  cache: async () => (await import('./commands/cache-command.js')).registerCacheCommand,
  route: async () => (await import('./commands/route-command.js')).registerRouteCommand,
  dashboard: async () => (await import('./commands/dashboard-command.js')).registerDashboardCommand,
  review: async () => (await import('./commands/review-command.js')).registerReviewCommand,
  report: async () => (await import('./commands/report-command.js')).registerReportCommand,
  check: async () => (await import('./commands/check-command.js')).registerCheckCommand,
  gateway: async () => (await import('./commands/gateway-command.js')).registerGatewayCommand,
};

/** Root options that take a value: their value is not a command name. */
const rootOptionsWithValue = new Set(['--config', '--catalog']);

/** The command `argv` runs: its first word that is neither an option nor a root option's value. */
function commandNamed(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (rootOptionsWithValue.has(arg)) index += 1;
    else if (arg === '--') return argv[index + 1];
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The program for one run of `argv` (node and script excluded): the command it names, or every
 * command when it names none or one that does not exist (help, usage errors and suggestions).
 */
export async function createProgram(io: CliIo, argv: readonly string[]): Promise<{ program: Command; context: CommandContext }> {
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

  const named = commandNamed(argv);
  const names = named !== undefined && Object.hasOwn(commandModules, named) ? [named] : Object.keys(commandModules);
  const registers = await Promise.all(names.map((name) => (commandModules[name] as () => Promise<RegisterCommand>)()));
  for (const register of registers) register(program, context);
  for (const command of program.commands) command.exitOverride();
  return { program, context };
}
