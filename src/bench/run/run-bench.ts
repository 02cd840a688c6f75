import { setMaxListeners } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, InvalidArgumentError, normalizeModelId, type ReportedUsage } from '../../core/index.js';
import { assertOneJudge, createJudge, type Judge } from '../../judge/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { ModelProvider } from '../../providers/index.js';
import { taskUsesJudge } from '../scorers/name-scorers.js';
import { scoreResponse } from '../scorers/score-response.js';
import type { BenchSuite } from '../suite/load-suite.js';
import type { BenchHeader, BenchRow, RunSettings } from './bench-row.js';
import { buildTaskRequest } from './build-task-request.js';
import { callModel } from './call-model.js';
import { type BenchWorkItem, planBenchRun } from './plan-bench-run.js';
import { openResultsWriter, readResultsFile } from './results-file.js';

export const resultsFileName = 'results.jsonl';

export interface BenchProgress {
  /** Rows finished in this session. */
  done: number;
  /** Rows this session has to run. */
  total: number;
  errors: number;
  /** USD spent in this session (generation + judging, known costs only). */
  spend: number;
  unpriced: number;
}

export interface RunBenchOptions {
  suite: BenchSuite;
  provider: ModelProvider;
  pricing: PricingCatalog;
  settings: RunSettings;
  judge?: { maxTokens: number; structuredOutput: 'tool' | 'text' };
  outDir: string;
  resume?: boolean;
  /** On resume, run again the rows that ended in an error (paid calls that succeeded are never repeated). */
  retryErrors?: boolean;
  toolVersion: string;
  /** Stops starting calls; calls in flight finish and are written (Ctrl-C). */
  stopSignal?: AbortSignal;
  /** Aborts calls in flight too (a second Ctrl-C); their rows are not written and run again on --resume. */
  abortSignal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: BenchProgress) => void;
  onRow?: (row: BenchRow) => void;
  now?: () => Date;
}

export interface BenchRunResult {
  header: BenchHeader;
  /** Every row of the results file, earlier sessions included. */
  rows: BenchRow[];
  newRows: number;
  /** Planned rows already done in the results file. */
  skipped: number;
  /** The run stopped before every planned row was done. */
  interrupted: boolean;
  warnings: string[];
  resultsPath: string;
}

/** The rows of the plan that still need a call, given what the results file holds. */
export function findPendingWork(plan: readonly BenchWorkItem[], done: ReadonlyMap<string, BenchRow>, retryErrors: boolean): BenchWorkItem[] {
  return plan.filter((item) => {
    const row = done.get(item.key);
    return row === undefined || (retryErrors && row.status === 'error');
  });
}

function sumTokens(usages: readonly (ReportedUsage | null)[], field: 'inputTokens' | 'outputTokens'): number | null {
  let total = 0;
  for (const usage of usages) {
    const value = usage === null ? null : field === 'inputTokens' ? sumInput(usage) : usage.outputTokens;
    if (value === null) return null;
    total += value;
  }
  return total;
}

function sumInput(usage: ReportedUsage): number | null {
  const parts = [usage.inputTokens, usage.cacheReadTokens, usage.cacheWrite5mTokens, usage.cacheWrite1hTokens];
  return parts.some((part) => part === null) ? null : (parts as number[]).reduce((sum, part) => sum + part, 0);
}

/**
 * Runs a suite: every pending (task, example, model, repeat) through the provider, per-model
 * workers up to the concurrency (the provider's AIMD limiter adapts below it on throttling),
 * scored and judged, each row appended to results.jsonl as soon as it is done. With `resume`,
 * rows already in the file are not called again.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRunResult> {
  const { suite, settings, pricing } = options;
  const now = options.now ?? (() => new Date());
  // Every call in flight listens on these signals; hundreds of listeners are expected, not a leak.
  for (const signal of [options.stopSignal, options.abortSignal]) if (signal !== undefined) setMaxListeners(0, signal);
  if (!existsSync(options.outDir)) mkdirSync(options.outDir, { recursive: true });
  const resultsPath = join(options.outDir, resultsFileName);
  const warnings: string[] = [];
  const header: BenchHeader = {
    kind: 'header',
    format: 'frugal-bench-results',
    formatVersion: 1,
    toolVersion: options.toolVersion,
    createdAt: now().toISOString(),
    suite: { name: suite.name, file: suite.file ?? null, hash: suite.hash },
    catalogVersion: pricing.version,
    settings,
  };

  const done = new Map<string, BenchRow>();
  let existingHeader: BenchHeader | undefined;
  if (options.resume === true && existsSync(resultsPath)) {
    const existing = readResultsFile(resultsPath);
    warnings.push(...existing.warnings);
    existingHeader = existing.header;
    if (existing.header.suite.name !== suite.name) throw new ConfigError(`${resultsPath} holds results of suite "${existing.header.suite.name}", not "${suite.name}". Use another --out directory.`, resultsPath);
    if (existing.header.settings.region !== settings.region) {
      throw new InvalidArgumentError('--region', `${resultsPath} was run in ${existing.header.settings.region}; resuming in ${settings.region} would mix prices and latencies. Use --region ${existing.header.settings.region} or another --out directory.`);
    }
    assertOneJudge([
      { source: 'this run', judges: settings.judges },
      { source: `${resultsPath} (the run being resumed)`, judges: existing.header.settings.judges },
    ]);
    if (existing.header.suite.hash !== suite.hash) warnings.push(`The suite changed since ${resultsPath} was started (prompts, scorers or examples): earlier rows were made with the old version.`);
    for (const row of existing.rows) done.set(row.key, row);
  } else if (options.resume === true) {
    warnings.push(`Nothing to resume in ${options.outDir}; starting a new run.`);
  }

  const plan = planBenchRun(suite, { models: settings.models, repeats: settings.repeats, limit: settings.limit });
  const pending = findPendingWork(plan, done, options.retryErrors === true);
  const needsJudge = suite.tasks.some(taskUsesJudge);
  let judge: Judge | undefined;
  if (needsJudge && settings.judges.length > 0) {
    judge = createJudge({
      provider: options.provider,
      models: settings.judges,
      repeats: settings.judgeRepeats,
      pricing,
      region: settings.region,
      ...(options.judge !== undefined && { maxTokens: options.judge.maxTokens, structuredOutput: options.judge.structuredOutput }),
      callOptions: { ...(options.abortSignal !== undefined && { signal: options.abortSignal }), ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) },
    });
  }

  const cachingOf = new Map<string, boolean>();
  const caching = (model: string): boolean => {
    let supported = cachingOf.get(model);
    if (supported === undefined) {
      const resolved = normalizeModelId(model, pricing.registry);
      supported = resolved.ok && pricing.model(resolved.model.id)?.entry.caching.supported === true;
      cachingOf.set(model, supported);
    }
    return supported;
  };

  const writer = openResultsWriter(resultsPath, existingHeader === undefined ? { header } : { resume: { kind: 'resume', at: now().toISOString(), toolVersion: options.toolVersion, catalogVersion: pricing.version, settings } });
  const progress: BenchProgress = { done: 0, total: pending.length, errors: 0, spend: 0, unpriced: 0 };
  options.onProgress?.({ ...progress });
  const stopped = (): boolean => options.stopSignal?.aborted === true || options.abortSignal?.aborted === true;

  async function runItem(item: BenchWorkItem): Promise<BenchRow | undefined> {
    const startedAt = now().toISOString();
    const built = buildTaskRequest({ suite: suite.name, task: item.task, example: item.example, modelId: item.model, caching: caching(item.model), answerKeys: settings.answerKeys });
    const call = await callModel({
      provider: options.provider,
      request: built.request,
      stream: settings.stream,
      region: settings.region,
      pricing,
      callOptions: { ...(options.abortSignal !== undefined && { signal: options.abortSignal }), ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) },
    });
    if (call.error?.aborted === true) return undefined;
    const scored = call.error === null
      ? await scoreResponse({ task: item.task, example: item.example, output: call.text, promptText: built.promptText, judge, simulateJudgeTruth: settings.answerKeys })
      : { scores: {}, quality: null, pass: null, judge: null };
    const generation = call.cost?.total ?? null;
    const judgeCost = scored.judge === null ? 0 : scored.judge.cost;
    const judgeUsages = scored.judge?.calls.map((entry) => entry.usage) ?? [];
    const usage = call.usage;
    return {
      kind: 'row',
      key: item.key,
      task: item.task.name,
      exampleId: item.example.id,
      model: item.model,
      repeat: item.repeat,
      servedModel: call.result?.modelId ?? null,
      requestId: call.result?.requestId ?? null,
      status: call.error === null ? 'ok' : 'error',
      error: call.error === null ? null : { code: call.error.code, message: call.error.message },
      output: call.text,
      outputChars: [...call.text].length,
      stopReason: call.result?.output.rawStopReason ?? null,
      tokens: {
        input: usage?.inputTokens ?? null,
        cacheRead: usage?.cacheReadTokens ?? null,
        cacheWrite5m: usage?.cacheWrite5mTokens ?? null,
        cacheWrite1h: usage?.cacheWrite1hTokens ?? null,
        output: usage?.outputTokens ?? null,
      },
      cost: { generation, judge: scored.judge === null ? null : judgeCost, total: generation === null || judgeCost === null ? null : roundUsd(generation + judgeCost) },
      latency: call.latency,
      scores: scored.scores,
      quality: scored.quality,
      pass: scored.pass,
      judge: scored.judge === null
        ? null
        : {
            calls: scored.judge.calls.length,
            errors: scored.judge.results.filter((result) => result.error !== null).length,
            inputTokens: sumTokens(judgeUsages, 'inputTokens'),
            outputTokens: sumTokens(judgeUsages, 'outputTokens'),
            cost: judgeCost,
          },
      answerKeyed: built.answerKey !== undefined,
      simulated: call.simulated,
      startedAt,
    };
  }

  // Per-model queues, so a slow or throttled model does not hold back the others.
  const queues = new Map<string, BenchWorkItem[]>();
  for (const item of pending) {
    const queue = queues.get(item.model) ?? [];
    queue.push(item);
    queues.set(item.model, queue);
  }
  let newRows = 0;
  const worker = async (queue: BenchWorkItem[]): Promise<void> => {
    for (let item = queue.shift(); item !== undefined && !stopped(); item = queue.shift()) {
      const row = await runItem(item);
      if (row === undefined) continue;
      writer.append(row);
      done.set(row.key, row);
      newRows += 1;
      progress.done += 1;
      if (row.status === 'error' || row.judge?.errors) progress.errors += 1;
      if (row.cost.total === null) progress.unpriced += 1;
      else progress.spend += row.cost.total;
      options.onRow?.(row);
      options.onProgress?.({ ...progress });
    }
  };
  try {
    await Promise.all([...queues.values()].flatMap((queue) => Array.from({ length: Math.max(1, settings.concurrency) }, () => worker(queue))));
  } finally {
    writer.close();
  }
  const remaining = findPendingWork(plan, done, false).length;
  return { header: existingHeader ?? header, rows: [...done.values()], newRows, skipped: plan.length - pending.length, interrupted: remaining > 0, warnings, resultsPath };
}

/** Sums of picodollar-exact costs still pick up float noise; keep twelve decimals, like the cost engine. */
function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}
