import { formatUsd } from '../../core/index.js';
import type { BenchAnalysis } from '../analysis/analyze-bench.js';
import type { Interval } from '../analysis/describe-sample.js';
import type { BenchCostEstimate } from '../run/estimate-bench-cost.js';

/** A table as plain strings, shared by the terminal output and report.html. */
export interface TextTable {
  title: string;
  head: string[];
  rows: string[][];
  /** Columns to right-align (numbers). */
  numeric: number[];
}

const percent = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);
const interval = (value: Interval | null): string => (value === null ? '-' : `${percent(value.mean)} [${percent(value.low)}–${percent(value.high)}]`);
const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value).toLocaleString('en-US')}`);
const tokens = (value: number | null): string => (value === null ? '-' : Math.round(value).toLocaleString('en-US'));
const money = (value: number | null): string => formatUsd(value);

export function buildSummaryTable(analysis: BenchAnalysis): TextTable {
  return {
    title: 'Summary per task × model',
    head: ['task', 'model', 'rows', 'quality (95% CI)', 'pass rate', 'cost/task', 'total cost', 'in tok/task', 'out tok/task', 'TTFT p50/p95 ms', 'latency p50/p95 ms', 'errors'],
    numeric: [2, 5, 6, 7, 8, 9, 10, 11],
    rows: analysis.summaries.map((summary) => [
      summary.task,
      summary.model + (summary.model === analysis.baseline ? ' (current)' : ''),
      `${summary.ok}/${summary.rows}`,
      interval(summary.quality),
      percent(summary.passRate?.mean),
      money(summary.cost.meanPerTask),
      summary.cost.total === null ? `unknown (${summary.cost.unpricedRows} unpriced)` : money(summary.cost.total),
      tokens(summary.tokens.inputMean),
      tokens(summary.tokens.outputMean),
      `${ms(summary.latency.ttftP50)} / ${ms(summary.latency.ttftP95)}`,
      `${ms(summary.latency.totalP50)} / ${ms(summary.latency.totalP95)}`,
      `${percent(summary.errorRate)}${summary.judgeErrors > 0 ? ` (+${summary.judgeErrors} judge)` : ''}`,
    ]),
  };
}

export function buildVerdictTable(analysis: BenchAnalysis): TextTable {
  return {
    title: `Verdicts against the current model${analysis.baseline === null ? '' : ` (${analysis.baseline})`}, margin ${(analysis.margin * 100).toFixed(1)} points`,
    head: ['task', 'candidate', 'verdict', 'quality Δ (95% CI)', 'test', 'more examples', 'why'],
    numeric: [5],
    rows: analysis.comparisons.map((comparison) => [
      comparison.task,
      comparison.candidate,
      comparison.verdict,
      comparison.difference === null ? '-' : `${(comparison.difference * 100).toFixed(1)} [${((comparison.low ?? 0) * 100).toFixed(1)}, ${((comparison.high ?? 0) * 100).toFixed(1)}]`,
      comparison.test === null ? '-' : `${comparison.test.name} p${comparison.test.p < 0.001 ? '<0.001' : `=${comparison.test.p.toFixed(3)}`}`,
      comparison.verdict === 'needs more examples' ? (comparison.moreExamples === null ? 'n/a' : `~${comparison.moreExamples.toLocaleString('en-US')}`) : '',
      comparison.explanation,
    ]),
  };
}

export function buildFrontierTable(analysis: BenchAnalysis): TextTable {
  return {
    title: 'Cost-vs-quality frontier (cheapest first)',
    head: ['task', 'frontier', 'knee', 'dominated (by)'],
    numeric: [],
    rows: Object.entries(analysis.frontiers).map(([task, frontier]) => [
      task,
      frontier.frontier.map((point) => `${point.model} (${money(point.cost)}, ${percent(point.quality)})`).join(' → '),
      frontier.knee?.model ?? '-',
      frontier.dominated.map((entry) => `${entry.point.model} (${entry.by})`).join(', ') || '-',
    ]),
  };
}

export function buildEstimateTable(estimate: BenchCostEstimate): TextTable {
  return {
    title: 'Cost estimate (before any call)',
    head: ['task', 'model', 'role', 'calls', 'input tokens', 'of which cached', 'output tokens', 'expected', 'at most'],
    numeric: [3, 4, 5, 6, 7, 8],
    rows: estimate.lines.map((line) => [
      line.task, line.model, line.role, line.calls.toLocaleString('en-US'), tokens(line.inputTokens),
      line.cacheReadTokens + line.cacheWriteTokens === 0 ? '-' : `${tokens(line.cacheReadTokens)} read, ${tokens(line.cacheWriteTokens)} written`,
      tokens(line.outputTokens), money(line.cost), money(line.maxCost),
    ]),
  };
}
