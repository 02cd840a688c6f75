import type { BenchView } from '../api/dashboard-api-schema.js';
import { formatCell } from '../api/format-cell.js';
import { fill, h } from './dom.js';
import { renderChart } from './render-chart.js';

const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/** The latest bench run: per task, the bench report's cost-vs-quality chart with its frontier, and the table behind it. */
export async function renderBench(target: HTMLElement, bench: BenchView): Promise<void> {
  if (!bench.available) {
    fill(target, h('p', { class: 'empty' }, bench.reason));
    target.setAttribute('aria-busy', 'false');
    target.dataset.state = 'empty';
    return;
  }
  const charts: [HTMLElement, Record<string, unknown>][] = [];
  fill(
    target,
    h('p', {}, `Suite ${bench.suite}, run ${bench.createdAt.slice(0, 16).replace('T', ' ')} UTC, from ${bench.directory}. Current model: ${bench.baseline ?? 'none named'}.`),
    bench.notes.length === 0 ? null : h('ul', { class: 'notes' }, bench.notes.map((note) => h('li', {}, note))),
    bench.tasks.map((task) => {
      const titleId = `bench-${task.task.replace(/[^a-z0-9-]/gi, '-')}-title`;
      const summaryId = `${titleId.replace(/-title$/, '')}-summary`;
      const canvas = h('div', { class: 'chart-canvas' });
      const chart = h('div', { class: 'chart', role: 'img', 'aria-labelledby': titleId, 'aria-describedby': summaryId }, canvas);
      if (task.chart !== null) charts.push([canvas, task.chart]);
      return h(
        'section',
        { class: 'panel bench-task', 'aria-labelledby': titleId },
        h('h3', { id: titleId }, `${task.task}: cost vs quality`),
        task.chart === null ? null : chart,
        h('p', { class: 'summary', id: summaryId }, task.summary),
        h(
          'details',
          {},
          h('summary', {}, `Table: ${task.models.length} models`),
          h(
            'table',
            {},
            h('caption', {}, `${task.task}: cost per task and quality per model`),
            h('thead', {}, h('tr', {}, ['Model', 'Cost per task', 'Quality', '95% interval', 'Examples', 'Frontier', 'Verdict vs current'].map((label) => h('th', { scope: 'col' }, label)))),
            h(
              'tbody',
              {},
              task.models.map((model) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, `${model.model}${model.current ? ' (current)' : ''}`),
                  h('td', { class: 'num' }, formatCell(model.costPerTask, 'usd')),
                  h('td', { class: 'num' }, percent(model.quality)),
                  h('td', { class: 'num' }, model.qualityLow === null || model.qualityHigh === null ? '–' : `${percent(model.qualityLow)} – ${percent(model.qualityHigh)}`),
                  h('td', { class: 'num' }, formatCell(model.examples, 'count')),
                  h('td', {}, model.onFrontier ? (model.knee ? 'yes (knee)' : 'yes') : 'no'),
                  h('td', {}, model.verdict ?? (model.current ? '—' : 'no verdict')),
                ),
              ),
            ),
          ),
        ),
      );
    }),
  );
  for (const [container, spec] of charts) await renderChart(container, spec, () => undefined);
  target.setAttribute('aria-busy', 'false');
  target.dataset.state = 'ready';
}
