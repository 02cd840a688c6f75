import { type JudgeMetric, type JudgeMetricName, judgeMetrics } from './judge-metrics.js';

/**
 * What one judge call rates: a preset metric, or a free rubric in promptfoo's llm-rubric style.
 * `threshold` turns the 0..1 score into pass/fail (for lower-is-better metrics, on 1 - score).
 */
export type JudgeCriterion =
  | { kind: 'metric'; name: string; metric: JudgeMetric; threshold: number }
  | { kind: 'rubric'; name: string; rubric: string; threshold: number };

export function metricCriterion(metric: JudgeMetricName, threshold = 0.5, name: string = metric): JudgeCriterion {
  return { kind: 'metric', name, metric: judgeMetrics[metric], threshold };
}

export function rubricCriterion(name: string, rubric: string, threshold = 0.5): JudgeCriterion {
  return { kind: 'rubric', name, rubric, threshold };
}

export function criterionHigherIsBetter(criterion: JudgeCriterion): boolean {
  return criterion.kind === 'rubric' || criterion.metric.higherIsBetter;
}

export function criterionUsesReference(criterion: JudgeCriterion): boolean {
  return criterion.kind === 'rubric' || criterion.metric.usesReference;
}
