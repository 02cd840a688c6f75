import { type ChartSpec, buildBarChartSpec } from '../charts/index.js';
import type { ReviewReport } from './review-report-schema.js';

export interface NamedChart {
  /** File name stem (`plan`), stable for the dashboard. */
  name: string;
  title: string;
  spec: ChartSpec;
}

const money = { title: 'Spend', unit: 'USD', format: '$,.2f' } as const;

/**
 * The review's charts as Vega-Lite specs from the report JSON alone, so the dashboard draws the
 * same charts from the same data: the plan as spend left and saved after each lever, spend by
 * task and model, and the saving of each change.
 */
export function buildReviewCharts(report: ReviewReport): NamedChart[] {
  const steps = report.plan.steps.filter((step) => step.findings > 0);
  const plan = buildBarChartSpec({
    title: 'Savings plan, lever by lever',
    subtitle: `${report.period.since.slice(0, 10)} to ${report.period.until.slice(0, 10)}; each lever priced on what the ones before it left`,
    categoryTitle: 'after lever',
    value: money,
    bars: [
      // Stacks follow the group names' order: "remaining" before "saved" reads left to right as a waterfall.
      { category: 'today', value: report.plan.before, group: 'remaining' },
      ...steps.flatMap((step, index) => [
        { category: `${index + 1}. ${step.title}`, value: step.after, group: 'remaining' },
        { category: `${index + 1}. ${step.title}`, value: step.saving, group: 'saved' },
      ]),
    ],
  });
  const byTask = buildBarChartSpec({
    title: 'Spend by task and model',
    categoryTitle: 'task',
    value: money,
    bars: report.spend.byTask.flatMap((task) =>
      task.models.map((model) => ({ category: task.task, group: report.spend.byModel.find((entry) => entry.modelId === model.modelId)?.name ?? model.modelId, value: model.cost })),
    ),
  });
  const findings = report.levers.flatMap((lever) => lever.findings);
  const savings = buildBarChartSpec({
    title: 'Saving of each change in the plan',
    subtitle: 'after the levers before it',
    categoryTitle: 'change',
    value: { title: 'Saving', unit: 'USD', format: '$,.2f' },
    // Short labels (number, tasks) keep the axis readable; the number matches the report's list of changes.
    bars: findings.map((finding, index) => {
      const tasks = finding.evidence.tasks;
      const label = tasks.length === 0 ? finding.evidence.models.join(', ') : `${tasks.slice(0, 2).join(', ')}${tasks.length > 2 ? ` +${tasks.length - 2}` : ''}`;
      return { category: `${index + 1}. ${label}`, value: finding.plannedSaving, group: finding.lever };
    }),
  });
  return [
    { name: 'plan', title: 'Savings plan', spec: plan },
    ...(report.spend.byTask.length > 0 ? [{ name: 'spend-by-task', title: 'Spend by task and model', spec: byTask }] : []),
    ...(findings.length > 0 ? [{ name: 'savings', title: 'Savings by change', spec: savings }] : []),
  ];
}
