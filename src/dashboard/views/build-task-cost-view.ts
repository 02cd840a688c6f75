import { buildBarChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, rangeWindow, stopwatch, unpricedNote, usd } from './view-context.js';

const base = {
  id: 'cost-per-task-by-model',
  title: 'Cost per task by model',
  columns: [
    { key: 'task', label: 'Task', format: 'text' as const },
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'costPerRequest', label: 'Cost per request', format: 'usd' as const },
    { key: 'requests', label: 'Requests', format: 'count' as const },
    { key: 'cost', label: 'Total cost', format: 'usd' as const },
    { key: 'outputPerRequest', label: 'Output per request', format: 'tokens' as const },
  ],
};

/**
 * Weekly panel 2: the unit cost of each task on each model (USD per request), the number that
 * moves when a prompt grows, a cache breaks or traffic shifts to a dearer model.
 */
export async function buildTaskCostView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const found = await context.queries.aggregate({ filter: toRowFilter(context.filter), groupBy: ['task', 'modelId'] });
  // Billing line items carry no request count; a unit cost needs one.
  const rows = found.filter((row) => row.requests > 0).sort((a, b) => String(a.group.task).localeCompare(String(b.group.task)) || b.cost - a.cost);
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(rows.map((row) => row.group.modelId as string | null));
  const perRequest = (row: (typeof rows)[number]): number => row.cost / row.requests;
  const dearest = rows.reduce((best, row) => (perRequest(row) > perRequest(best) ? row : best));
  const category = (row: (typeof rows)[number]): string => `${String(row.group.task)} · ${label(row.group.modelId as string | null)}`;
  return {
    ...base,
    window,
    summary: `${rows.length} task and model pair${rows.length === 1 ? '' : 's'} (${window.label}); the dearest per request is ${String(dearest.group.task)} on ${label(dearest.group.modelId as string | null)} at ${usd(perRequest(dearest))} a request over ${dearest.requests.toLocaleString('en-US')} requests.`,
    chart: chartJson(
      buildBarChartSpec({
        title: 'Cost per task by model',
        subtitle: `mean cost of one request; ${window.label}`,
        categoryTitle: 'task · model',
        value: { title: 'Cost per request', unit: 'USD', format: '$.3~g' },
        bars: rows.map((row) => ({ category: category(row), value: perRequest(row), group: label(row.group.modelId as string | null) })),
      }),
    ),
    chartKind: 'bar',
    rows: rows.map((row) => ({
      cells: {
        task: String(row.group.task),
        model: (row.group.modelId as string | null) ?? '(unknown model)',
        costPerRequest: perRequest(row),
        requests: row.requests,
        cost: row.cost,
        outputPerRequest: row.outputTokens / row.requests,
      },
      drill: bucketDrill(context.filter, window, null, { task: [String(row.group.task)], ...(row.group.modelId != null && { model: [String(row.group.modelId)] }) }),
      chartKeys: [`${category(row)}|${label(row.group.modelId as string | null)}`],
    })),
    notes: unpricedNote(rows.reduce((sum, row) => sum + row.unpricedRows, 0)),
    queryMs: elapsed(),
  };
}
