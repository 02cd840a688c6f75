import type { Command } from 'commander';
import { InvalidArgumentError } from '../../core/index.js';
import { type RunningEmulator, type SimulatedModel, defaultEmulatorPort, startEmulator } from '../../emulator/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatTable } from '../format-table.js';
import { parseCount } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  models?: string;
  seed: number;
  requireAuth?: boolean;
  timeScale: number;
  ignoreUnsupportedCachePoints?: boolean;
  quiet?: boolean;
  s3Dir?: string;
  minRecordsPerJob?: number;
}

const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

function describeAccuracy(model: SimulatedModel): string {
  const { default: fallback, ...tasks } = model.accuracy;
  const perTask = Object.entries(tasks).map(([task, value]) => `${task} ${value.toFixed(2)}`);
  return `${(fallback ?? 0.5).toFixed(2)}${perTask.length > 0 ? ` (${perTask.join(', ')})` : ''}`;
}

function describeFaults(model: SimulatedModel): string {
  const { faults } = model;
  const parts = [
    faults.throttleRate > 0 && `throttle ${percent(faults.throttleRate)}`,
    faults.serverErrorRate > 0 && `500 ${percent(faults.serverErrorRate)}`,
    faults.unavailableRate > 0 && `503 ${percent(faults.unavailableRate)}`,
    faults.timeoutRate > 0 && `timeout ${percent(faults.timeoutRate)}`,
    faults.slowRate > 0 && `slow +${faults.slowMs}ms ${percent(faults.slowRate)}`,
    faults.cutStreamRate > 0 && `cut stream ${percent(faults.cutStreamRate)}`,
    faults.streamErrorRate > 0 && `stream error ${percent(faults.streamErrorRate)}`,
    faults.sequence.length > 0 && `scripted first ${faults.sequence.length}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The banner: says plainly that the models are simulations, lists them, and shows how to call them. */
export function formatEmulatorBanner(emulator: RunningEmulator, options: Pick<EmulatorCommandOptions, 'seed' | 'timeScale' | 'requireAuth'>): string {
  const { engine } = emulator.context;
  const rows = emulator.models.map((model) => {
    const caching = engine.resolveModel(model.id).caching;
    return [
      model.id,
      describeAccuracy(model),
      `${model.latency.ttftMs}ms`,
      String(model.latency.tokensPerSecond),
      `×${model.verbosity}`,
      caching.supported ? `min ${caching.minTokensPerCheckpoint}, ${caching.ttls.join('/')}` : 'no',
      describeFaults(model),
    ];
  });
  const example = emulator.models[0]?.id ?? 'anthropic.claude-3-haiku-20240307-v1:0';
  const { url } = emulator;
  // A router whose models are not simulated answers ResourceNotFoundException, so only usable ones are listed.
  const usable = (id: string): boolean => {
    try {
      engine.resolveModel(id);
      return true;
    } catch {
      return false;
    }
  };
  const routers = emulator.promptRouters
    .filter((router) => usable(router.cheaper) && usable(router.fallback))
    .map((router) => `  ${router.kind === 'default' ? 'default-prompt-router' : 'prompt-router'}/${router.id}: ${router.cheaper} or ${router.fallback}`);
  return [
    'frugal emulator: SIMULATED Bedrock models. Replies are generated from declared accuracy, verbosity and',
    'latency; they are not real model output. Use real endpoints for real decisions.',
    '',
    `Listening on ${url}  (Bedrock Runtime and batch control plane; S3 at ${url}/s3)`,
    `seed ${options.seed} · time scale ${options.timeScale} · ${options.requireAuth === true ? 'SigV4 required (--require-auth)' : 'unsigned requests accepted'}`,
    '',
    formatTable(['simulated model', 'accuracy (default, per task)', 'TTFT', 'tok/s', 'verbosity', 'prompt caching', 'faults'], rows, ['left', 'left', 'right', 'right', 'right', 'left', 'left']).trimEnd(),
    '',
    ...(routers.length > 0 ? ['Prompt routers (Converse, ConverseStream; modelId arn:aws:bedrock:<region>:<account>:<router>):', ...routers, ''] : []),
    'AWS CLI (dummy credentials are fine):',
    `  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws bedrock-runtime converse \\`,
    `    --region us-east-1 --endpoint-url ${url} --model-id ${example} \\`,
    `    --messages '[{"role":"user","content":[{"text":"Hello"}]}]'`,
    '',
    'AWS SDK for JavaScript v3:',
    `  const client = new BedrockRuntimeClient({ endpoint: '${url}', region: 'us-east-1',`,
    `    credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Starts the emulator, prints the banner and a line per request, and closes when `stop` settles. */
export async function runEmulator(options: EmulatorCommandOptions, io: CliIo, pricing: PricingCatalog, stop: Promise<unknown>): Promise<void> {
  const emulator = await startEmulator({
    host: options.host,
    port: options.port,
    seed: options.seed,
    timeScale: options.timeScale,
    pricing,
    ...(options.models !== undefined && { modelsFile: options.models }),
    ...(options.requireAuth === true && { requireAuth: true }),
    ...(options.ignoreUnsupportedCachePoints === true && { unsupportedCachePoints: 'ignore' as const }),
    batch: {
      ...(options.s3Dir !== undefined && { s3Directory: options.s3Dir }),
      ...(options.minRecordsPerJob !== undefined && { minRecordsPerJob: options.minRecordsPerJob }),
    },
    logger: {
      info: (message) => {
        if (options.quiet !== true) io.stdout(`[sim] ${message}\n`);
      },
      warn: (message) => io.stderr(`frugal emulator: ${message}\n`),
    },
  });
  io.stdout(formatEmulatorBanner(emulator, options));
  try {
    await stop;
  } finally {
    await emulator.close();
    io.stdout('frugal emulator: stopped.\n');
  }
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` removes the listeners. */
export function waitForSignal(): { stopped: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function parseTimeScale(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || value.trim() === '') throw new InvalidArgumentError('--time-scale', `--time-scale must be a number of 0 or more, got "${value}".`);
  return number;
}

/** What the command waits on before closing: a signal, or whatever a test decides. */
export type WaitForStop = () => { stopped: Promise<unknown>; dispose(): void };

/** `frugal emulator`; `waitForStop` is injectable so tests can stop it without a signal. */
export function registerEmulatorCommand(program: Command, context: CommandContext, waitForStop: WaitForStop = waitForSignal): Command {
  return program
    .command('emulator')
    .description(commandSummaries.emulator.description)
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseCount('--port'), defaultEmulatorPort)
    .option('--host <host>', 'interface to listen on (loopback by default)', '127.0.0.1')
    .option('--models <file.yaml>', 'simulated models (default: the shipped set named after real Bedrock ids)')
    .option('--seed <n>', 'seed for every simulated choice: same seed and requests, same replies and faults', parseCount('--seed'), 0)
    .option('--require-auth', 'reject requests without a SigV4 (or bearer) Authorization header')
    .option('--time-scale <x>', 'real seconds per simulated second: 1 plays latencies out, 0 answers at once', parseTimeScale, 1)
    .option('--ignore-unsupported-cache-points', 'accept cache points on models without prompt caching (Bedrock rejects them with 403)')
    .option('--quiet', 'no line per request')
    .option('--s3-dir <dir>', 'keep the S3 store (batch input and output) in this directory')
    .option('--min-records-per-job <n>', 'minimum records per batch job instead of the catalog quota (100 for most models)', parseCount('--min-records-per-job'))
    .action(async (options: EmulatorCommandOptions) => {
      const pricing = await context.loadPricing();
      const signal = waitForStop();
      try {
        await runEmulator(options, context.io, pricing, signal.stopped);
      } finally {
        signal.dispose();
      }
    });
}
