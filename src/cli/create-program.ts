import { Command, Help } from 'commander';
import { loadConfig, loadPricingCatalog } from '../config/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { CliIo } from './cli-io.js';
import { type CommandName, commandSummaries } from './command-summaries.js';

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
 * Each command's module, loaded only when it runs: a command's module brings its libraries (AWS
 * SDK clients, OpenTelemetry, charts, servers), and loading them all cost every run ~2 s before
 * doing anything. Root help lists the commands from `commandSummaries` instead.
 */
const commandModules: Record<CommandName, () => Promise<RegisterCommand>> = {
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

const isCommandName = (word: string | undefined): word is CommandName => word !== undefined && Object.hasOwn(commandModules, word);

/** Root options that take a value: their value is not a command name. */
const rootOptionsWithValue = new Set(['--config', '--catalog']);

/** Index of the word naming the command `argv` runs, looking from `from` on: the first that is neither an option nor a root option's value; -1 if none. */
function commandIndex(argv: readonly string[], from = 0): number {
  for (let index = from; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (rootOptionsWithValue.has(arg)) index += 1;
    else if (arg === '--') return index + 1 < argv.length ? index + 1 : -1;
    else if (!arg.startsWith('-')) return index;
  }
  return -1;
}

/** Root help's entries: each command's name and description, listed by its summary's term. */
function registerSummaries(program: Command): void {
  for (const [name, { description }] of Object.entries(commandSummaries)) program.command(name).description(description);
  program.configureHelp({
    subcommandTerm(this: Help, command: Command): string {
      const name = command.name();
      return isCommandName(name) ? commandSummaries[name].term : Help.prototype.subcommandTerm.call(this, command);
    },
  });
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

  // `frugal help ingest` shows the ingest command's own help: its module is loaded as for a run.
  const at = commandIndex(argv);
  const named = argv[at] === 'help' ? argv[commandIndex(argv, at + 1)] : argv[at];
  if (isCommandName(named)) (await commandModules[named]())(program, context);
  else registerSummaries(program);
  for (const command of program.commands) command.exitOverride();
  return { program, context };
}
