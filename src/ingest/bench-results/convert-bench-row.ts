import type { BenchRow } from '../../bench/run/bench-row.js';
import type { ModelRef, UsageRow } from '../../core/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import { buildCallRowDraft } from '../build-call-row-draft.js';
import type { IssueKind } from '../ingest-report.js';
import { hashText } from '../invocation-log/create-prompt-hasher.js';
import { previewText } from '../invocation-log/json-guards.js';
import { priceWithReportedCost } from '../price-with-reported-cost.js';
import { resolveModelId } from '../resolve-model-id.js';

/** What the header (and the latest resume line) of a results file says about the rows after it. */
export interface BenchRunInfo {
  suite: string;
  region: string;
  judges: readonly string[];
  catalogVersion: string;
}

export interface ConvertBenchRowOptions {
  pricing: PricingCatalog;
  sourceFile: string;
  sourceLine: number;
}

export type ConvertBenchRowResult =
  | { ok: true; rows: UsageRow[]; unbilledError: boolean; notes: { kind: IssueKind; message: string }[] }
  | { ok: false; kind: IssueKind; message: string };

const separator = '\u241f';
const round = (ms: number | null): number | null => (ms === null ? null : Math.max(0, Math.round(ms)));

/**
 * A bench call's ledger id: Bedrock's request id when the call got one, else a hash of what makes
 * the call unique in the suite's history (suite, task, example, model, repeat, start time), so
 * re-ingesting the file changes nothing, while a resumed or repeated run's new calls are new rows.
 */
export function benchRequestId(row: BenchRow, suite: string): string {
  if (row.requestId !== null && row.requestId !== '') return row.requestId;
  return `bench-${hashText([suite, row.task, row.exampleId, row.model, String(row.repeat), row.startedAt].join(separator))}`;
}

function resolve(id: string, pricing: PricingCatalog): { ok: true; model: ModelRef } | { ok: false; message: string } {
  const result = resolveModelId(id, pricing.registry);
  return result.ok ? result : { ok: false, message: result.error.message };
}

/**
 * One line of a bench results.jsonl to ledger rows (source `bench`, task from the suite's task,
 * taskSource `explicit`): the generation call, and its judging as a row of its own on the judge's
 * model (`:judge` after the call's id; one row for all the judge calls of the result, with
 * `requestCount` saying how many). Judge rows keep bench spend honest per model: a Sonnet judge
 * scoring a Haiku candidate is Sonnet spend. With a panel of several judges the bench records only
 * their summed tokens and cost, so the row names the panel and keeps the recorded cost unsplit.
 *
 * Not rows: replies simulated by `frugal emulator` (nothing was billed; `simulated`), and failures
 * Bedrock rejected before inference (throttled, access denied: recorded cost 0, no tokens).
 */
export function convertBenchRow(row: BenchRow, run: BenchRunInfo, options: ConvertBenchRowOptions): ConvertBenchRowResult {
  if (row.simulated) return { ok: false, kind: 'simulated', message: `reply simulated by frugal emulator (${row.model}); nothing was billed, so it is no ledger row` };
  const started = Date.parse(row.startedAt);
  if (Number.isNaN(started)) return { ok: false, kind: 'invalid-record', message: `startedAt ${JSON.stringify(row.startedAt)} is not a time` };
  const resolved = resolve(row.servedModel ?? row.model, options.pricing);
  if (!resolved.ok) return { ok: false, kind: 'unknown-model', message: resolved.message };

  const { tokens } = row;
  const tokensKnown = Object.values(tokens).every((value) => value !== null);
  const unbilledError = row.status === 'error' && row.cost.generation === 0 && Object.values(tokens).every((value) => value === null || value === 0);
  if (unbilledError) return { ok: true, rows: [], unbilledError, notes: [] };

  const requestId = benchRequestId(row, run.suite);
  const usageStart = new Date(started).toISOString();
  const usageEnd = new Date(started + Math.max(0, row.latency.totalMs)).toISOString();
  const common = { frugal_bench_suite: run.suite, frugal_bench_example: row.exampleId, frugal_bench_repeat: String(row.repeat) };
  const draft = buildCallRowDraft(
    {
      source: 'bench',
      requestId,
      sourceFile: options.sourceFile,
      sourceLine: options.sourceLine,
      model: resolved.model,
      region: run.region,
      usageStart,
      usageEnd,
      inputTokens: tokens.input ?? 0,
      cacheReadTokens: tokens.cacheRead ?? 0,
      cacheWrite5mTokens: tokens.cacheWrite5m ?? 0,
      cacheWrite1hTokens: tokens.cacheWrite1h ?? 0,
      outputTokens: tokens.output ?? 0,
      metadata: { ...common, frugal_bench_role: 'generation', ...(row.error !== null && { frugal_bench_error: row.error.code }) },
    },
    {
      cacheHit: tokens.cacheRead === null ? null : tokens.cacheRead > 0,
      latencyMs: round(row.latency.totalMs),
      ttftMs: round(row.latency.ttftMs),
      stopReason: row.stopReason,
      responsePreview: previewText(row.output),
    },
  );
  const generation: UsageRow = {
    ...draft,
    ...priceWithReportedCost(draft, options.pricing, { usd: row.cost.generation, by: 'the bench run', priceVersion: run.catalogVersion, tokensKnown }),
    task: row.task,
    taskSource: 'explicit',
    team: null,
  };
  const rows = [generation];
  const notes: { kind: IssueKind; message: string }[] = [];
  const judge = row.judge;
  if (judge !== null && judge.calls > 0) {
    const judgeRow = convertJudging(row, judge, run, { ...options, requestId: `${requestId}:judge`, at: usageEnd, metadata: { ...common, frugal_bench_role: 'judge', ...(judge.errors > 0 && { frugal_bench_judge_errors: String(judge.errors) }) } });
    if (judgeRow.ok) rows.push(judgeRow.row);
    else notes.push({ kind: judgeRow.kind, message: judgeRow.message });
  }
  return { ok: true, rows, unbilledError: false, notes };
}

function convertJudging(
  row: BenchRow,
  judge: NonNullable<BenchRow['judge']>,
  run: BenchRunInfo,
  options: ConvertBenchRowOptions & { requestId: string; at: string; metadata: Record<string, string> },
): { ok: true; row: UsageRow } | { ok: false; kind: IssueKind; message: string } {
  const lost = `the judging of this result (${judge.calls} calls, cost ${judge.cost ?? 'unknown'}) is not in the ledger`;
  if (run.judges.length === 0) return { ok: false, kind: 'unknown-model', message: `the results header names no judge model; ${lost}` };
  const models: ModelRef[] = [];
  for (const id of run.judges) {
    const resolved = resolve(id, options.pricing);
    if (!resolved.ok) return { ok: false, kind: 'unknown-model', message: `judge ${resolved.message}; ${lost}` };
    models.push(resolved.model);
  }
  const first = models[0] as ModelRef;
  const panel = models.length > 1;
  const draft = buildCallRowDraft(
    {
      source: 'bench',
      requestId: options.requestId,
      sourceFile: options.sourceFile,
      sourceLine: options.sourceLine,
      model: first,
      region: run.region,
      usageStart: options.at,
      usageEnd: options.at,
      inputTokens: judge.inputTokens ?? 0,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: judge.outputTokens ?? 0,
      metadata: options.metadata,
    },
    {
      requestCount: judge.calls,
      ...(panel && { modelId: null, rawModelId: run.judges.join(' + '), modelFamily: null, modelTier: null, inferenceScope: null, inferenceProfile: null }),
    },
  );
  const tokensKnown = !panel && judge.inputTokens !== null && judge.outputTokens !== null;
  const cost = priceWithReportedCost(draft, options.pricing, { usd: judge.cost, by: panel ? `the bench run (summed over a panel of ${models.length} judges)` : 'the bench run', priceVersion: run.catalogVersion, tokensKnown });
  return { ok: true, row: { ...draft, ...cost, task: row.task, taskSource: 'explicit', team: null } };
}
