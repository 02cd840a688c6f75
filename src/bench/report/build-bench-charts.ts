import { buildDistributionChartSpec, buildScatterChartSpec, type ChartSpec } from '../../charts/index.js';
import type { BenchAnalysis } from '../analysis/analyze-bench.js';
import type { BenchRow } from '../run/bench-row.js';
import { shortenModelIds } from './shorten-model-ids.js';

export interface BenchChart {
  /** File name without extension: `<task>-cost-quality`. */
  name: string;
  title: string;
  spec: ChartSpec;
}

/**
 * Per task: cost per task vs quality (with 95% CIs, the Pareto frontier, the current model and the
 * knee marked; log cost axis when costs span more than 20×), and the latency distribution per model.
 */
export function buildBenchCharts(analysis: BenchAnalysis, rows: readonly BenchRow[]): BenchChart[] {
  const charts: BenchChart[] = [];
  const names = shortenModelIds([...new Set(rows.map((row) => row.model))]);
  const name = (model: string): string => names.get(model) ?? model;
  for (const [task, frontier] of Object.entries(analysis.frontiers)) {
    const summaries = analysis.summaries.filter((summary) => summary.task === task && summary.quality !== null && summary.cost.generationMean !== null);
    if (summaries.length > 0) {
      const costs = summaries.map((summary) => summary.cost.generationMean as number);
      const spread = Math.max(...costs) / Math.max(Math.min(...costs), 1e-15);
      const markers = (model: string): string | undefined =>
        [model === analysis.baseline ? 'current' : undefined, frontier.knee?.model === model ? 'knee' : undefined].filter((marker) => marker !== undefined).join(', ') || undefined;
      charts.push({
        name: `${task}-cost-quality`,
        title: `${task}: cost vs quality`,
        spec: buildScatterChartSpec({
          title: `${task}: cost vs quality`,
          subtitle: 'mean generation cost per task; bars are 95% bootstrap CIs; dashed: Pareto frontier',
          x: { title: 'Cost per task', unit: 'USD', format: '$.2~g', ...(spread > 20 && { scale: 'log' as const }) },
          y: { title: 'Quality', unit: 'mean score, 0–1', format: '.0%' },
          points: summaries.map((summary) => {
            const marker = markers(summary.model);
            return {
              x: summary.cost.generationMean as number,
              y: summary.quality?.mean as number,
              yLow: summary.quality?.low as number,
              yHigh: summary.quality?.high as number,
              label: name(summary.model),
              details: { model: summary.model, examples: summary.examples },
              ...(marker !== undefined && { marker }),
            };
          }),
          line: { label: 'Pareto frontier', points: frontier.frontier.map((point) => ({ x: point.cost, y: point.quality })) },
        }),
      });
    }
    const observations = rows.filter((row) => row.task === task && row.status === 'ok').map((row) => ({ category: name(row.model), value: row.latency.totalMs }));
    if (observations.length > 0) {
      charts.push({
        name: `${task}-latency`,
        title: `${task}: latency per call`,
        spec: buildDistributionChartSpec({
          title: `${task}: latency per call`,
          subtitle: 'client wall time of each call, queueing and retries included',
          categoryTitle: 'model',
          value: { title: 'Total latency', unit: 'ms' },
          observations,
        }),
      });
    }
  }
  return charts;
}
