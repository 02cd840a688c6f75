import { computeKrippendorffAlpha } from '../../judge/index.js';
import type { BenchRow } from '../run/bench-row.js';
import { bootstrapMeanInterval, type Interval, mean, quantile } from './describe-sample.js';

export interface TaskModelSummary {
  task: string;
  model: string;
  rows: number;
  examples: number;
  ok: number;
  /** Generation failures. */
  errors: number;
  /** Rows whose judge failed on some criterion (not counted as low scores). */
  judgeErrors: number;
  errorRate: number;
  /** Mean quality per example (repeats averaged), 95% bootstrap CI over examples. */
  quality: Interval | null;
  passRate: Interval | null;
  cost: {
    /** Mean USD per task (one call plus its judging), over priced rows. */
    meanPerTask: number | null;
    /** Sum over rows; null when any row's cost is unknown. */
    total: number | null;
    generationMean: number | null;
    judgeMean: number | null;
    unpricedRows: number;
  };
  tokens: { inputMean: number | null; outputMean: number | null; cacheReadMean: number | null };
  outputCharsMean: number | null;
  latency: { ttftP50: number | null; ttftP95: number | null; totalP50: number | null; totalP95: number | null; serviceP50: number | null; throttleWaitMean: number | null };
  /** Agreement of judge votes per criterion (Krippendorff's alpha; null without repeated or panel votes). */
  judgeAgreement: Record<string, { interval: number | null; nominal: number | null }>;
}

const known = (values: readonly (number | null)[]): number[] => values.filter((value): value is number => value !== null);
const meanOrNull = (values: readonly number[]): number | null => (values.length === 0 ? null : mean(values));

/** Per-example means over repeats, for the examples that have a value. */
export function meanByExample(rows: readonly BenchRow[], pick: (row: BenchRow) => number | null): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const row of rows) {
    const value = pick(row);
    if (value === null) continue;
    const entry = sums.get(row.exampleId) ?? { sum: 0, count: 0 };
    entry.sum += value;
    entry.count += 1;
    sums.set(row.exampleId, entry);
  }
  return new Map([...sums].map(([id, entry]) => [id, entry.sum / entry.count]));
}

function seedFor(base: number, task: string, model: string): number {
  let hash = base >>> 0;
  for (const char of `${task}\n${model}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

/** The summary of one task × model; the bootstrap seed is derived from `seed`, the task and the model. */
export function summarizeTaskModel(task: string, model: string, rows: readonly BenchRow[], seed: number): TaskModelSummary {
  const ok = rows.filter((row) => row.status === 'ok');
  const costs = rows.map((row) => row.cost.total);
  const totalInput = (row: BenchRow): number | null => {
    const { input, cacheRead, cacheWrite5m, cacheWrite1h } = row.tokens;
    return input === null || cacheRead === null || cacheWrite5m === null || cacheWrite1h === null ? null : input + cacheRead + cacheWrite5m + cacheWrite1h;
  };
  const quality = [...meanByExample(ok, (row) => row.quality).values()];
  const passes = [...meanByExample(ok, (row) => (row.pass === null ? null : Number(row.pass))).values()];
  const knownCosts = known(costs);
  const p = (values: number[], q: number): number | null => quantile(values, q);
  const ttft = known(ok.map((row) => row.latency.ttftMs));
  const total = ok.map((row) => row.latency.totalMs);
  return {
    task,
    model,
    rows: rows.length,
    examples: new Set(rows.map((row) => row.exampleId)).size,
    ok: ok.length,
    errors: rows.length - ok.length,
    judgeErrors: ok.filter((row) => (row.judge?.errors ?? 0) > 0).length,
    errorRate: rows.length === 0 ? 0 : (rows.length - ok.length) / rows.length,
    quality: bootstrapMeanInterval(quality, { seed: seedFor(seed, task, model) }),
    passRate: bootstrapMeanInterval(passes, { seed: seedFor(seed + 1, task, model) }),
    cost: {
      meanPerTask: meanOrNull(knownCosts),
      total: knownCosts.length === costs.length ? knownCosts.reduce((sum, cost) => sum + cost, 0) : null,
      generationMean: meanOrNull(known(rows.map((row) => row.cost.generation))),
      judgeMean: meanOrNull(known(rows.map((row) => row.cost.judge))),
      unpricedRows: costs.length - knownCosts.length,
    },
    tokens: {
      inputMean: meanOrNull(known(ok.map(totalInput))),
      outputMean: meanOrNull(known(ok.map((row) => row.tokens.output))),
      cacheReadMean: meanOrNull(known(ok.map((row) => row.tokens.cacheRead))),
    },
    outputCharsMean: meanOrNull(ok.map((row) => row.outputChars)),
    latency: {
      ttftP50: p(ttft, 0.5),
      ttftP95: p(ttft, 0.95),
      totalP50: p(total, 0.5),
      totalP95: p(total, 0.95),
      serviceP50: p(known(ok.map((row) => row.latency.serviceMs)), 0.5),
      throttleWaitMean: meanOrNull(rows.map((row) => row.latency.retryWaitMs + row.latency.queueMs)),
    },
    judgeAgreement: judgeAgreementOf(ok),
  };
}

/** Krippendorff's alpha over examples × (judge, repeat) raters, per judge criterion. */
function judgeAgreementOf(rows: readonly BenchRow[]): TaskModelSummary['judgeAgreement'] {
  const agreement: TaskModelSummary['judgeAgreement'] = {};
  const criteria = new Set(rows.flatMap((row) => Object.entries(row.scores).filter(([, entry]) => entry.votes !== undefined).map(([name]) => name)));
  for (const criterion of criteria) {
    const perRow = rows.map((row) => row.scores[criterion]?.votes ?? []);
    if (Math.max(0, ...perRow.map((votes) => votes.length)) < 2) continue;
    agreement[criterion] = {
      interval: computeKrippendorffAlpha(perRow.map((votes) => votes.map((vote) => vote.quality)), 'interval'),
      nominal: computeKrippendorffAlpha(perRow.map((votes) => votes.map((vote) => (vote.pass === null ? null : Number(vote.pass)))), 'nominal'),
    };
  }
  return agreement;
}

export function groupRows(rows: readonly BenchRow[]): Map<string, Map<string, BenchRow[]>> {
  const byTask = new Map<string, Map<string, BenchRow[]>>();
  for (const row of rows) {
    const byModel = byTask.get(row.task) ?? new Map<string, BenchRow[]>();
    const list = byModel.get(row.model) ?? [];
    list.push(row);
    byModel.set(row.model, list);
    byTask.set(row.task, byModel);
  }
  return byTask;
}
