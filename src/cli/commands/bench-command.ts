import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  analyzeBench,
  type BenchCostEstimate,
  type BenchProgress,
  type BenchSuite,
  buildEstimateTable,
  buildFrontierTable,
  buildSummaryTable,
  buildVerdictTable,
  estimateBenchCost,
  findPendingWork,
  loadBenchInput,
  mergeBedrockEvaluations,
  openResultsWriter,
  parseBedrockEvalOutput,
  planBenchRun,
  readResultsFile,
  resolveRunSettings,
  resultsFileName,
  runBench,
  type RunSettings,
  type TextTable,
  writeBenchOutputs,
} from '../../bench/index.js';
import { ConfigError, formatUsd, InvalidArgumentError } from '../../core/index.js';
import { startEmulator } from '../../emulator/index.js';
import { createAimdLimiterPool, createBedrockProvider } from '../../providers/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { version } from '../create-program.js';
import { formatTable } from '../format-table.js';
import { parseCount, parsePositiveNumber } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

export interface BenchCommandOptions {
  models?: string[];
  baseline?: string;
  judge?: string[];
  judgeRepeats?: number;
  endpoint?: string;
  emulator?: string | boolean;
  region?: string;
  concurrency: number;
  repeats: number;
  limit?: number;
  out?: string;
  resume?: boolean;
  retryErrors?: boolean;
  estimate?: boolean;
  margin: number;
  seed: number;
  stream: boolean;
  timeout?: number;
  png: boolean;
  importBedrockEval?: string;
}

/** What the command waits on for Ctrl-C: injectable so tests can interrupt a run without a signal. */
export type InterruptSource = (onInterrupt: () => void) => { dispose(): void };

/** SIGINT: the first stops new calls and writes what is done; a second aborts calls in flight. */
export const processInterrupts: InterruptSource = (onInterrupt) => {
  process.on('SIGINT', onInterrupt);
  return { dispose: () => process.off('SIGINT', onInterrupt) };
};

const parseList = (flag: string) => (value: string): string[] => {
  const items = value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  if (items.length === 0) throw new InvalidArgumentError(flag, `${flag} needs at least one model id, got "${value}".`);
  return items;
};

/** `--margin 0.05` or `--margin 5%`: the largest quality loss still acceptable. */
function parseMargin(value: string): number {
  const trimmed = value.trim();
  const number = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (!Number.isFinite(number) || number < 0 || number >= 1 || trimmed === '') {
    throw new InvalidArgumentError('--margin', `--margin must be a fraction in [0, 1) or a percentage like 5%, got "${value}".`);
  }
  return number;
}

const printTable = (io: CliIo, table: TextTable): void => {
  io.stdout(`\n${table.title}\n`);
  io.stdout(formatTable(table.head, table.rows, table.head.map((_, index) => (table.numeric.includes(index) ? 'right' : 'left'))));
};

/** Progress on stderr: a live bar on a terminal, a line per tenth of the run otherwise. */
function createProgressReporter(io: CliIo, interactive: boolean): { update(progress: BenchProgress): void; stop(): void } {
  const started = Date.now();
  const left = (progress: BenchProgress): string => {
    if (progress.done === 0) return '?';
    const seconds = ((Date.now() - started) / progress.done) * (progress.total - progress.done) / 1000;
    return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
  };
  const spend = (progress: BenchProgress): string => `${formatUsd(progress.spend)}${progress.unpriced > 0 ? ` (+${progress.unpriced} unpriced)` : ''}`;
  if (interactive) {
    const bar = new cliProgress.SingleBar(
      { format: 'bench [{bar}] {value}/{total} calls | {errors} errors | {spend} spent | {left} left', hideCursor: true, stream: process.stderr, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let startedBar = false;
    return {
      update(progress) {
        const payload = { errors: progress.errors, spend: spend(progress), left: left(progress) };
        if (!startedBar) {
          bar.start(progress.total, progress.done, payload);
          startedBar = true;
        } else bar.update(progress.done, payload);
      },
      stop: () => startedBar && bar.stop(),
    };
  }
  let lastTenth = 0;
  return {
    update(progress) {
      const tenth = progress.total === 0 ? 10 : Math.floor((progress.done / progress.total) * 10);
      if (tenth === lastTenth || progress.done === 0) return;
      lastTenth = tenth;
      io.stderr(`bench: ${progress.done}/${progress.total} calls, ${progress.errors} errors, ${spend(progress)} spent, ${left(progress)} left\n`);
    },
    stop: () => undefined,
  };
}

function printEstimate(io: CliIo, estimate: BenchCostEstimate, pending: number, done: number): void {
  printTable(io, buildEstimateTable(estimate));
  io.stdout(
    `Estimated cost: ${formatUsd(estimate.total)} (generation ${formatUsd(estimate.generation)}, judging ${formatUsd(estimate.judge)}), at most ${formatUsd(estimate.maxTotal)} if every call writes its full max tokens.\n` +
      `${pending.toLocaleString('en-US')} rows to run${done > 0 ? `, ${done.toLocaleString('en-US')} already in the results file` : ''}. Tokens are estimated by the emulator's rule (characters and words); cache reads where the task has cache points and the model caches the prefix.\n`,
  );
  for (const warning of estimate.warnings) io.stdout(`note: ${warning}\n`);
}

function listEvalOutputs(path: string): string[] {
  if (!existsSync(path)) throw new InvalidArgumentError('--import-bedrock-eval', `${path} does not exist.`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(path, name));
}

/** `--import-bedrock-eval`: adds a Bedrock evaluation job's judge scores to an existing run, no model calls. */
function importBedrockEvaluations(io: CliIo, path: string, resultsPath: string, suite: BenchSuite): void {
  if (!existsSync(resultsPath)) throw new ConfigError(`${resultsPath} does not exist: run the suite first (same --out), then import the evaluation job's output.`, resultsPath);
  const existing = readResultsFile(resultsPath);
  const evaluations = listEvalOutputs(path).flatMap((file) => parseBedrockEvalOutput(readFileSync(file, 'utf8'), file));
  const merged = mergeBedrockEvaluations(existing.rows, evaluations, suite);
  const writer = openResultsWriter(resultsPath, { resume: { kind: 'resume', at: new Date().toISOString(), toolVersion: version, catalogVersion: existing.header.catalogVersion, settings: existing.header.settings } });
  try {
    for (const row of merged.updated) writer.append(row);
  } finally {
    writer.close();
  }
  io.stdout(`Imported Bedrock evaluation scores (judged by ${merged.evaluators.join(', ') || 'unknown'}) into ${merged.updated.length} rows; ${merged.unmatched.length} records matched no row.\n`);
  for (const warning of merged.warnings) io.stdout(`note: ${warning}\n`);
}

export async function runBenchCommand(suitePath: string, options: BenchCommandOptions, context: CommandContext, interrupts: InterruptSource): Promise<void> {
  const { io } = context;
  if (options.endpoint !== undefined && options.emulator !== undefined) throw new InvalidArgumentError('--emulator', 'Give --endpoint or --emulator, not both.');
  if (options.retryErrors === true && options.resume !== true) throw new InvalidArgumentError('--retry-errors', '--retry-errors only applies with --resume.');
  const input = await loadBenchInput(resolve(io.cwd, suitePath));
  const { suite } = input;
  if (input.promptfoo !== undefined) {
    io.stdout(`Imported promptfoo config ${suitePath}:\n${input.promptfoo.understood.map((line) => `  understood: ${line}\n`).join('')}`);
    for (const item of input.promptfoo.notUnderstood) io.stdout(`  not understood: ${item.path}: ${item.reason}\n`);
  }
  const pricing = await context.loadPricing();
  const simulated = options.emulator !== undefined;
  const { settings, warnings } = resolveRunSettings(
    suite,
    {
      ...(options.models !== undefined && { models: options.models }),
      ...(options.baseline !== undefined && { baseline: options.baseline }),
      ...(options.judge !== undefined && { judges: options.judge }),
      ...(options.judgeRepeats !== undefined && { judgeRepeats: options.judgeRepeats }),
      ...(options.region !== undefined && { region: options.region }),
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(simulated && { endpoint: 'frugal emulator (in process)' }),
      concurrency: options.concurrency,
      repeats: options.repeats,
      ...(options.limit !== undefined && { limit: options.limit }),
      // Answer keys only go to an endpoint we were pointed at (the emulator), never to real Bedrock.
      answerKeys: options.endpoint !== undefined || simulated,
      stream: options.stream,
    },
    pricing,
  );
  const outDir = resolve(io.cwd, options.out ?? join('frugal-bench', suite.name));
  const resultsPath = join(outDir, resultsFileName);
  for (const warning of warnings) io.stderr(`frugal bench: ${warning}\n`);

  if (options.importBedrockEval !== undefined) {
    importBedrockEvaluations(io, resolve(io.cwd, options.importBedrockEval), resultsPath, suite);
    await report(io, { suite, settings, outDir, resultsPath, options, simulated, warnings: [] });
    return;
  }

  // The estimate comes first, for what is left to run.
  const plan = planBenchRun(suite, { models: settings.models, repeats: settings.repeats, limit: settings.limit });
  const done = options.resume === true && existsSync(resultsPath) ? new Map(readResultsFile(resultsPath).rows.map((row) => [row.key, row])) : new Map();
  const pending = findPendingWork(plan, done, options.retryErrors === true);
  const estimate = estimateBenchCost({ suite: suite.name, items: pending, pricing, region: settings.region, judges: settings.judges, judgeRepeats: settings.judgeRepeats, judgeMaxTokens: suite.judge?.maxTokens ?? 400, concurrency: settings.concurrency });
  io.stdout(`frugal bench ${suite.name}: ${settings.models.length} models × ${suite.tasks.length} tasks${settings.judges.length > 0 ? `, judged by ${settings.judges.join(', ')}` : ''}, ${settings.region}\n`);
  printEstimate(io, estimate, pending.length, plan.length - pending.length);
  if (options.estimate === true) return;
  if (options.resume !== true && existsSync(resultsPath)) {
    throw new ConfigError(`${resultsPath} already holds results. Continue it with --resume (paid calls are not repeated), or choose another --out directory.`, resultsPath);
  }

  const emulator = simulated
    ? await startEmulator({ port: 0, timeScale: 0, pricing, ...(typeof options.emulator === 'string' && { modelsFile: resolve(io.cwd, options.emulator) }) })
    : undefined;
  if (emulator !== undefined) io.stdout(`Started frugal emulator at ${emulator.url} with SIMULATED models: results check the pipeline, not the real models.\n`);
  const endpoint = emulator?.url ?? options.endpoint;
  const provider = createBedrockProvider({
    region: settings.region,
    limiters: createAimdLimiterPool({ initialLimit: settings.concurrency, maxLimit: settings.concurrency }),
    ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
    ...(endpoint !== undefined && {
      endpoint,
      // The emulator accepts any credentials; real ones from the environment are used when present.
      credentials: { accessKeyId: io.env['AWS_ACCESS_KEY_ID'] ?? 'test', secretAccessKey: io.env['AWS_SECRET_ACCESS_KEY'] ?? 'test', ...(io.env['AWS_SESSION_TOKEN'] !== undefined && { sessionToken: io.env['AWS_SESSION_TOKEN'] }) },
    }),
  });

  const stop = new AbortController();
  const abort = new AbortController();
  const listener = interrupts(() => {
    if (!stop.signal.aborted) {
      io.stderr('\nfrugal bench: stopping; finishing the calls in flight and writing what is done (Ctrl-C again to abort them).\n');
      stop.abort();
    } else abort.abort();
  });
  const progress = createProgressReporter(io, process.stderr.isTTY === true && io.env['FRUGAL_NO_PROGRESS'] === undefined);
  let run;
  try {
    run = await runBench({
      suite,
      provider,
      pricing,
      settings,
      judge: { maxTokens: suite.judge?.maxTokens ?? 400, structuredOutput: suite.judge?.structuredOutput ?? 'tool' },
      outDir,
      resume: options.resume === true,
      retryErrors: options.retryErrors === true,
      toolVersion: version,
      stopSignal: stop.signal,
      abortSignal: abort.signal,
      ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
      onProgress: (state) => progress.update(state),
    });
  } finally {
    progress.stop();
    listener.dispose();
    provider.client.destroy();
    await emulator?.close();
  }
  for (const warning of run.warnings) io.stderr(`frugal bench: ${warning}\n`);
  await report(io, { suite, settings, outDir, resultsPath, options, simulated, warnings: run.warnings, estimate });
  if (run.interrupted) {
    io.stdout(`\nInterrupted: ${run.newRows} rows written this time. Continue with the same command and --resume; finished calls are not repeated.\n`);
    context.exitCode = 130;
  }
}

async function report(
  io: CliIo,
  input: { suite: BenchSuite; settings: RunSettings; outDir: string; resultsPath: string; options: BenchCommandOptions; simulated: boolean; warnings: string[]; estimate?: BenchCostEstimate },
): Promise<void> {
  const { header, rows, warnings } = readResultsFile(input.resultsPath);
  const analysis = analyzeBench(rows, { models: input.settings.models, baseline: input.settings.baseline, margin: input.options.margin, seed: input.options.seed });
  const outputs = await writeBenchOutputs({
    outDir: input.outDir,
    suite: input.suite,
    header,
    rows,
    analysis,
    ...(input.estimate !== undefined && { estimate: input.estimate }),
    warnings: [...input.warnings, ...warnings],
    // The emulator marks its replies, so a run through --endpoint is flagged too.
    simulated: input.simulated || rows.some((row) => row.simulated),
    png: input.options.png,
  });
  printTable(io, buildSummaryTable(analysis));
  printTable(io, buildFrontierTable(analysis));
  if (analysis.comparisons.length > 0) printTable(io, buildVerdictTable(analysis));
  for (const candidate of analysis.candidates) io.stdout(`${candidate.model}: ${candidate.verdict}\n`);
  for (const note of [...analysis.notes, ...outputs.warnings]) io.stdout(`note: ${note}\n`);
  const spent = rows.reduce<number | null>((sum, row) => (sum === null || row.cost.total === null ? null : sum + row.cost.total), 0);
  io.stdout(`\nSpent ${formatUsd(spent)} over ${rows.length.toLocaleString('en-US')} rows. Results in ${input.outDir}: results.csv, results.jsonl, summary.json, report.html, charts/, bedrock-eval/\n`);
}

/** `frugal bench SUITE`: cost-vs-quality benchmark of the suite's tasks across models. */
export function registerBenchCommand(program: Command, context: CommandContext, interrupts: InterruptSource = processInterrupts): Command {
  return program
    .command('bench')
    .description(commandSummaries.bench.description)
    .argument('<suite>', 'suite YAML (or a promptfoo config)')
    .option('--models <ids>', 'candidate models to run instead of the suite\'s (comma-separated); the current model runs too', parseList('--models'))
    .option('--baseline <id>', 'the current model every candidate is compared with (default: the suite\'s `current`; `none` for no verdicts)')
    .option('--judge <ids>', 'judge model for the whole comparison (comma-separated for a panel)', parseList('--judge'))
    .option('--judge-repeats <k>', 'times each judge rates each response (agreement is reported as Krippendorff\'s alpha)', parseCount('--judge-repeats'))
    .option('--endpoint <url>', 'Bedrock Runtime endpoint, e.g. a running `frugal emulator` (dummy credentials are fine there)')
    .option('--emulator [models.yaml]', 'start a frugal emulator in process with these SIMULATED models (default set without a file)')
    .option('--region <region>', 'AWS Region of the calls and prices (default: the suite\'s, else us-east-1)')
    .option('--concurrency <n>', 'calls in flight per model; throttling lowers it (AIMD)', parseCount('--concurrency'), 4)
    .option('--repeats <k>', 'calls per (task, example, model)', parseCount('--repeats'), 1)
    .option('--limit <n>', 'first N examples of each task', parseCount('--limit'))
    .option('--out <dir>', 'output directory (default: frugal-bench/<suite name>)')
    .option('--resume', 'continue the run in --out without repeating finished calls')
    .option('--retry-errors', 'with --resume, run again the rows that ended in an error')
    .option('--estimate', 'print the cost estimate and stop')
    .option('--margin <m>', 'largest acceptable quality loss vs the current model, fraction or percent', parseMargin, 0.05)
    .option('--seed <n>', 'seed of the bootstrap confidence intervals', parseCount('--seed'), 1)
    .option('--no-stream', 'call Converse instead of ConverseStream (no TTFT)')
    .option('--timeout <ms>', 'per-attempt timeout of each call', parsePositiveNumber('--timeout'))
    .option('--no-png', 'write charts as SVG only')
    .option('--import-bedrock-eval <path>', 'add the judge scores of a Bedrock evaluation job (its output .jsonl file or folder) to the run in --out; no model calls')
    .action(async (suite: string, options: BenchCommandOptions) => {
      for (const [flag, value] of [['--concurrency', options.concurrency], ['--repeats', options.repeats], ['--limit', options.limit], ['--judge-repeats', options.judgeRepeats]] as const) {
        if (value === 0) throw new InvalidArgumentError(flag, `${flag} must be at least 1.`);
      }
      await runBenchCommand(suite, options, context, interrupts);
    });
}
