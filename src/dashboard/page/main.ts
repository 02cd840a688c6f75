import { benchViewSchema, type DashboardMeta, metaSchema, panelIds, panelSchema, spendPanelIds, summarySchema, weeklyPanelIds } from '../api/dashboard-api-schema.js';
import type { DashboardFilterInput } from '../api/dashboard-filter-schema.js';
import { alarmsInsightSchema, reviewInsightSchema } from '../api/dashboard-insights-schema.js';
import { createDrillDialog } from './drill-dialog.js';
import { byId, fill, h } from './dom.js';
import { fetchJson } from './fetch-json.js';
import { presetRange, readFiltersFromUrl, setUpFilterForm, writeFiltersToUrl } from './filter-form.js';
import { renderAlarms } from './render-alarms.js';
import { renderBench } from './render-bench.js';
import { renderHeadlines } from './render-headlines.js';
import { renderPanel, renderPanelError } from './render-panel.js';
import { renderReview } from './render-review.js';

type Filter = DashboardFilterInput & { range?: string };

const drill = createDrillDialog();
let disposers: (() => void)[] = [];
let generation = 0;

function panelSlots(): void {
  const slot = (id: string): HTMLElement => h('section', { class: 'panel', id: `panel-${id}`, 'aria-busy': 'true', 'data-state': 'loading' }, h('p', {}, 'Loading…'));
  fill(byId('weekly-panels'), weeklyPanelIds.map(slot));
  fill(byId('spend-panels'), spendPanelIds.map(slot));
}

/** Loads every view for the filters; a newer load makes an older one drop its answers. */
async function load(filter: Filter): Promise<void> {
  const run = ++generation;
  for (const dispose of disposers) dispose();
  disposers = [];
  const { range: _range, ...query } = filter;
  byId('headlines').setAttribute('aria-busy', 'true');
  const summary = fetchJson('api/summary', query, summarySchema).then((result) => {
    if (run === generation) renderHeadlines(byId('headlines'), result, drill);
  });
  const panels = panelIds.map(async (id) => {
    const target = byId(`panel-${id}`);
    target.setAttribute('aria-busy', 'true');
    try {
      const panel = await fetchJson(`api/views/${id}`, query, panelSchema);
      if (run === generation) disposers.push(await renderPanel(target, panel, drill));
    } catch (error) {
      if (run === generation) renderPanelError(target, id, error);
    }
  });
  await Promise.allSettled([summary, ...panels]);
  if (run === generation) {
    byId('status').textContent = 'Dashboard up to date.';
    document.body.dataset.loaded = 'true';
  }
}

function showLedger(meta: DashboardMeta): void {
  fill(byId('ledger'), `Ledger: ${meta.ledger.location} (${meta.ledger.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}) · amounts in ${meta.currency}, times in UTC`);
  if (meta.sample !== null) {
    const banner = byId('sample-banner');
    banner.hidden = false;
    banner.textContent = meta.sample;
  }
}

/**
 * The plan and the alarms are computed on the server in the background (seconds on a large
 * ledger); ask again every two seconds until they are ready or failed.
 */
async function poll<T extends { state: string }>(load: () => Promise<T>, show: (value: T) => void, target: HTMLElement): Promise<void> {
  for (;;) {
    try {
      const value = await load();
      show(value);
      if (value.state !== 'running') return;
    } catch (error) {
      renderPanelError(target, 'Could not load', error);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function start(): Promise<void> {
  panelSlots();
  const meta = await fetchJson('api/meta', {}, metaSchema);
  showLedger(meta);
  let filter: Filter = readFiltersFromUrl();
  if (filter.since === undefined && filter.until === undefined && filter.range === undefined) {
    const basis = meta.bases.find((entry) => entry.rows > 0)?.basis ?? 'calls';
    filter = { ...filter, basis, range: '30', ...presetRange(meta, basis, '30') };
  }
  setUpFilterForm(meta, filter, (next) => {
    writeFiltersToUrl(next);
    byId('status').textContent = 'Loading…';
    document.body.dataset.loaded = 'false';
    void load(next);
  });
  writeFiltersToUrl(filter);
  void poll(() => fetchJson('api/review', {}, reviewInsightSchema), (insight) => renderReview(byId('review'), insight, drill), byId('review'));
  void poll(() => fetchJson('api/alarms', {}, alarmsInsightSchema), (insight) => renderAlarms(byId('alarms'), insight, drill), byId('alarms'));
  void fetchJson('api/bench', {}, benchViewSchema)
    .then((bench) => renderBench(byId('bench'), bench))
    .catch((error: unknown) => renderPanelError(byId('bench'), 'Bench results', error));
  await load(filter);
}

start().catch((error: unknown) => {
  const status = byId('status');
  status.setAttribute('role', 'alert');
  status.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
});
