import type { BenchRow } from '../run/bench-row.js';
import { combineVerdicts, type Comparison, compareWithBaseline, type Verdict } from './compare-with-baseline.js';
import { findParetoFrontier, type ParetoFrontier, type TradeoffPoint } from './find-pareto-frontier.js';
import { groupRows, summarizeTaskModel, type TaskModelSummary } from './summarize-bench.js';

export interface BenchAnalysis {
  summaries: TaskModelSummary[];
  /** Per task; cost is the mean generation cost per task (judging is the evaluation's cost, not production's). */
  frontiers: Record<string, ParetoFrontier>;
  comparisons: Comparison[];
  /** One verdict per candidate over all tasks (the worst task verdict). */
  candidates: { model: string; verdict: Verdict }[];
  baseline: string | null;
  margin: number;
  seed: number;
  notes: string[];
}

export interface AnalyzeOptions {
  /** Display order of models. */
  models: readonly string[];
  baseline: string | null;
  margin: number;
  seed: number;
}

/** Summaries, frontiers and verdicts from result rows. Pure: the same rows and seed give the same analysis. */
export function analyzeBench(rows: readonly BenchRow[], options: AnalyzeOptions): BenchAnalysis {
  const grouped = groupRows(rows);
  const order = (models: Iterable<string>): string[] => {
    const list = [...models];
    return [...options.models.filter((model) => list.includes(model)), ...list.filter((model) => !options.models.includes(model)).sort()];
  };
  const summaries: TaskModelSummary[] = [];
  const frontiers: Record<string, ParetoFrontier> = {};
  const comparisons: Comparison[] = [];
  const notes: string[] = [];
  for (const [task, byModel] of grouped) {
    const points: TradeoffPoint[] = [];
    for (const model of order(byModel.keys())) {
      const summary = summarizeTaskModel(task, model, byModel.get(model) ?? [], options.seed);
      summaries.push(summary);
      if (summary.quality !== null && summary.cost.generationMean !== null) points.push({ model, cost: summary.cost.generationMean, quality: summary.quality.mean });
      else notes.push(`${task}: ${model} is left off the frontier (${summary.quality === null ? 'no scored rows' : 'cost unknown'}).`);
    }
    frontiers[task] = findParetoFrontier(points);
    const baselineRows = options.baseline === null ? undefined : byModel.get(options.baseline);
    if (options.baseline !== null && baselineRows === undefined) notes.push(`${task}: the current model ${options.baseline} has no rows, so there are no verdicts.`);
    if (options.baseline === null || baselineRows === undefined) continue;
    for (const model of order(byModel.keys())) {
      if (model === options.baseline) continue;
      comparisons.push(compareWithBaseline(task, model, options.baseline, byModel.get(model) ?? [], baselineRows, { margin: options.margin, seed: options.seed }));
    }
  }
  const candidates = order(new Set(comparisons.map((comparison) => comparison.candidate))).map((model) => ({
    model,
    verdict: combineVerdicts(comparisons.filter((comparison) => comparison.candidate === model).map((comparison) => comparison.verdict)),
  }));
  return { summaries, frontiers, comparisons, candidates, baseline: options.baseline, margin: options.margin, seed: options.seed, notes };
}
