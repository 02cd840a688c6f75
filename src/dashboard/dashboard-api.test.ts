import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { openLedger, type Ledger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { sampleDataLabel } from '../sample/index.js';
import { benchViewSchema, metaSchema, panelIds, panelSchema, rowsPageSchema, summarySchema, type Panel } from './api/dashboard-api-schema.js';
import { writeSearchParams } from './api/dashboard-filter-schema.js';
import { alarmsInsightSchema, reviewInsightSchema } from './api/dashboard-insights-schema.js';
import { evidenceDrill } from './api/evidence-drill.js';
import { createDashboardApp } from './create-dashboard-app.js';
import { buildTestLedger, type TestLedger } from './testing/build-test-ledger.js';

const artefacts = resolve(import.meta.dirname, '../../test-output/dashboard');
let fixture: TestLedger;
let ledger: Ledger;
let app: Hono;

beforeAll(async () => {
  fixture = await buildTestLedger({ root: artefacts, bench: true });
  ledger = await openLedger(fixture.ledgerPath);
  const { config } = await loadConfig({ cwd: fixture.directory });
  app = createDashboardApp({ ledger, benchDirectory: fixture.benchDirectory, pageDirectory: null, insights: { catalog: createPricingCatalog(), config, ledgerArgument: fixture.ledgerPath } });
}, 120_000);

/** Asks until the background work is done, as the page does. */
async function settled(path: string): Promise<unknown> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const { body } = await get(path);
    if ((body as { state: string }).state !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} still running`);
}

afterAll(async () => {
  await ledger?.close();
  await fixture?.remove();
});

async function get(path: string, query: Record<string, unknown> = {}): Promise<{ status: number; body: unknown }> {
  const search = writeSearchParams(query).toString();
  const response = await app.request(`${path}${search === '' ? '' : `?${search}`}`);
  return { status: response.status, body: await response.json() };
}

async function panel(id: string, query: Record<string, unknown> = {}): Promise<Panel> {
  const { status, body } = await get(`/api/views/${id}`, query);
  expect(status, JSON.stringify(body)).toBe(200);
  return panelSchema.parse(body);
}

describe('dashboard API (in process, sample ledger)', () => {
  it('describes the ledger: sample label, time span per basis, the values of every filter', async () => {
    const meta = metaSchema.parse((await get('/api/meta')).body);
    expect(meta.sample).toBe(sampleDataLabel);
    expect(meta.ledger.kind).toBe('duckdb');
    const calls = meta.bases.find((basis) => basis.basis === 'calls');
    expect(calls?.rows).toBeGreaterThan(1000);
    expect(calls?.firstUsage?.startsWith('2026-07-01')).toBe(true);
    expect(meta.options.provider).toEqual(['anthropic', 'bedrock', 'openai']);
    expect(meta.options.task).toEqual(expect.arrayContaining(['ticket-classification', 'document-extraction', 'customer-chat', 'code-review']));
    expect(meta.options.team).toEqual(expect.arrayContaining(['support-ops', 'lending-ops', 'digital', 'platform']));
    expect(meta.options.family).toEqual(expect.arrayContaining(['claude-sonnet-4', 'gpt-4o-mini']));
  });

  it('headline numbers equal the ledger totals, and the month to date is July', async () => {
    const summary = summarySchema.parse((await get('/api/summary')).body);
    const totals = await ledger.query.summary({ sources: ['invocation-log', 'gateway', 'otel', 'batch'] });
    const value = (id: string): number | null | undefined => summary.headlines.find((headline) => headline.id === id)?.value;
    expect(value('spend')).toBeCloseTo(totals.cost, 9);
    expect(value('requests')).toBe(totals.requests);
    expect(value('cache-hit-rate')).toBeCloseTo(totals.cacheHitRows / totals.cacheKnownRows, 9);
    expect(summary.headlines.find((headline) => headline.id === 'month-to-date')?.label).toBe('July 2026 to date');
  });

  it('answers every view with a chart from the shared builders, a summary and a table', async () => {
    for (const id of panelIds) {
      const view = await panel(id, { since: '2026-07-01', until: '2026-07-31' });
      expect(view.rows.length, id).toBeGreaterThan(0);
      expect(view.chart?.$schema, id).toBe('https://vega.github.io/schema/vega-lite/v6.json');
      // Units on the axes: every chart's value axis title ends in its unit.
      expect(JSON.stringify(view.chart), id).toMatch(/\((USD|tokens|tokens per hour|ms|share of requests)\)|"title":"Tokens"/);
      expect(view.summary.length, id).toBeGreaterThan(20);
      for (const row of view.rows) for (const key of row.chartKeys ?? []) expect(key, id).toContain('|');
    }
  });

  it('daily cost adds up to the spend, and each day drills into exactly the rows it sums', async () => {
    const daily = await panel('daily-cost-by-model');
    const spend = summarySchema.parse((await get('/api/summary')).body).headlines[0]?.value ?? 0;
    expect(daily.rows.reduce((sum, row) => sum + Number(row.cells.cost), 0)).toBeCloseTo(spend, 6);
    const row = daily.rows[3];
    if (row === undefined) throw new Error('no fourth row');
    const page = rowsPageSchema.parse((await get('/api/rows', { ...row.drill, limit: 500 })).body);
    expect(page.total).toBe(row.cells.requests);
    expect(page.rows.reduce((sum, item) => sum + (item.cost ?? 0), 0)).toBeCloseTo(Number(row.cells.cost), 6);
    expect(new Set(page.rows.map((item) => item.time.slice(0, 10)))).toEqual(new Set([row.cells.day]));
    expect(new Set(page.rows.map((item) => item.model))).toEqual(new Set([row.cells.model]));
  });

  it('filters change the numbers: task, team, provider and time range', async () => {
    const all = await panel('cost-per-task-by-model');
    const chat = await panel('cost-per-task-by-model', { task: 'customer-chat' });
    expect(new Set(chat.rows.map((row) => row.cells.task))).toEqual(new Set(['customer-chat']));
    expect(chat.rows.length).toBeLessThan(all.rows.length);
    const openai = await panel('spend-by-provider-month', { provider: 'openai' });
    expect(openai.rows.map((row) => row.cells.provider)).toEqual(['openai']);
    const team = summarySchema.parse((await get('/api/summary', { team: 'lending-ops' })).body);
    const everyone = summarySchema.parse((await get('/api/summary')).body);
    expect(team.headlines[0]?.value).toBeGreaterThan(0);
    expect(team.headlines[0]?.value).toBeLessThan(everyone.headlines[0]?.value ?? 0);
    const week = await panel('daily-cost-by-model', { since: '2026-07-10', until: '2026-07-17' });
    expect(new Set(week.rows.map((row) => row.cells.day)).size).toBe(7);
    expect(week.window.label).toBe('2026-07-10 to 2026-07-16 (UTC)');
  });

  it('fixed windows end at the latest call: 14 days of families, 48 hours of hourly tokens', async () => {
    const families = await panel('cost-by-family-day');
    expect(families.window.since).toBe('2026-07-17T00:00:00.000Z');
    expect(families.window.until).toBe('2026-07-31T00:00:00.000Z');
    expect(new Set(families.rows.map((row) => row.cells.day)).size).toBeLessThanOrEqual(14);
    const hourly = await panel('hourly-tokens-by-provider');
    expect(Date.parse(hourly.window.until ?? '') - Date.parse(hourly.window.since ?? '')).toBe(48 * 3_600_000);
    const row = hourly.rows[0];
    if (row === undefined) throw new Error('no hourly row');
    const page = rowsPageSchema.parse((await get('/api/rows', { ...row.drill, limit: 500 })).body);
    const tokens = page.rows.reduce((sum, item) => sum + item.inputTokens + item.cacheReadTokens + item.cacheWriteTokens + item.outputTokens, 0);
    expect(tokens).toBe(row.cells.total);
  });

  it('latency quantiles and cache hit rates come from the database per model', async () => {
    const latency = await panel('latency-by-model');
    for (const row of latency.rows) expect(Number(row.cells.p95)).toBeGreaterThanOrEqual(Number(row.cells.p50));
    const [sonnet] = await ledger.query.distribution({ measure: 'latencyMs', filter: { modelIds: ['anthropic.claude-sonnet-4-20250514-v1:0'], sources: ['invocation-log', 'gateway', 'otel', 'batch'] }, quantiles: [0.5] });
    expect(latency.rows.find((row) => row.cells.model === 'anthropic.claude-sonnet-4-20250514-v1:0')?.cells.p50).toBe(Math.round(sonnet?.quantiles[0] ?? -1));
    const cache = await panel('cache-hit-rate');
    for (const row of cache.rows) expect(Number(row.cells.hitRate)).toBeCloseTo(Number(row.cells.hits) / Number(row.cells.known), 9);
  });

  it('pages through drill-down rows in the order asked', async () => {
    const first = rowsPageSchema.parse((await get('/api/rows', { task: 'customer-chat', limit: 10 })).body);
    const second = rowsPageSchema.parse((await get('/api/rows', { task: 'customer-chat', limit: 10, offset: 10 })).body);
    expect(first.rows).toHaveLength(10);
    expect(first.total).toBeGreaterThan(20);
    expect((second.rows[0]?.time ?? '') >= (first.rows[9]?.time ?? '')).toBe(true);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.requestId)).size).toBe(20);
    const costly = rowsPageSchema.parse((await get('/api/rows', { order: 'cost', limit: 5 })).body);
    const costs = costly.rows.map((row) => row.cost ?? 0);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  it('rejects bad queries with 400 and says why; unknown views and endpoints are 404', async () => {
    const bad = await get('/api/views/daily-cost-by-model', { since: 'last tuesday' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/since: an ISO-8601 date/);
    expect((await get('/api/rows', { limit: 100_000 })).status).toBe(400);
    expect(JSON.stringify((await get('/api/rows', { offset: 1001 })).body)).toMatch(/narrow the filters or sort by cost/);
    expect((await get('/api/summary', { colour: 'blue' })).status).toBe(400);
    expect((await get('/api/rows', { basis: 'everything' })).status).toBe(400);
    expect((await get('/api/views/pie-chart')).status).toBe(404);
    expect((await get('/api/nothing')).status).toBe(404);
    // Read only: nothing answers a write.
    expect((await app.request('/api/rows', { method: 'POST' })).status).toBe(404);
  });

  it('shows the latest bench run with the bench report’s cost-vs-quality chart and frontier', async () => {
    const bench = benchViewSchema.parse((await get('/api/bench')).body);
    if (!bench.available) throw new Error(bench.reason);
    expect(bench.suite).toBe('support-tickets');
    expect(bench.simulated).toBe(true);
    const task = bench.tasks[0];
    expect(task?.chart).not.toBeNull();
    expect(JSON.stringify(task?.chart)).toContain('Pareto frontier');
    expect(task?.models.some((model) => model.onFrontier)).toBe(true);
    expect(task?.models.some((model) => model.current)).toBe(true);
    const missing = createDashboardApp({ ledger, benchDirectory: join(fixture.directory, 'no-such-folder'), pageDirectory: null });
    const none = benchViewSchema.parse(await (await missing.request('/api/bench')).json());
    expect(none.available).toBe(false);
  });

  it('shows the latest frugal review plan, computed on this ledger, with evidence that drills into its rows', async () => {
    const first = reviewInsightSchema.parse((await get('/api/review')).body);
    expect(['running', 'ready']).toContain(first.state);
    const insight = reviewInsightSchema.parse(await settled('/api/review'));
    if (insight.state !== 'ready') throw new Error(JSON.stringify(insight));
    const { plan, levers } = insight.result;
    expect(insight.result.sample).toBe(sampleDataLabel);
    expect(plan.saving).toBeGreaterThan(0);
    expect(plan.after).toBeCloseTo(plan.before - plan.saving, 6);
    const finding = levers.flatMap((lever) => lever.findings).find((item) => item.evidence.requests > 0);
    if (finding === undefined) throw new Error('no finding with evidence');
    const rows = rowsPageSchema.parse((await get('/api/rows', { ...evidenceDrill(finding.evidence.filter), limit: 5 })).body);
    expect(rows.total).toBeGreaterThan(0);
    if (finding.evidence.exampleRequestIds.length > 0) {
      const examples = rowsPageSchema.parse((await get('/api/rows', { ...evidenceDrill({}, finding.evidence.exampleRequestIds), limit: 50 })).body);
      expect(new Set(examples.rows.map((row) => row.requestId))).toEqual(new Set(finding.evidence.exampleRequestIds));
    }
  });

  it('shows frugal check: the forecast to month end and the alarms, each with a filter for its rows', async () => {
    const insight = alarmsInsightSchema.parse(await settled('/api/alarms'));
    if (insight.state !== 'ready') throw new Error(JSON.stringify(insight));
    expect(insight.result.forecast.month).toBe('2026-07');
    expect(insight.result.forecast.monthToDate).toBeGreaterThan(0);
    for (const alarm of insight.result.alarms) expect(rowsPageSchema.parse((await get('/api/rows', { ...evidenceDrill(alarm.filter), limit: 1 })).body).total).toBeGreaterThanOrEqual(0);
    const bare = createDashboardApp({ ledger, benchDirectory: fixture.benchDirectory, pageDirectory: null });
    expect(reviewInsightSchema.parse(await (await bare.request('/api/review')).json()).state).toBe('unavailable');
  });

  it('runs the check again only once insightsMaxAgeMs has passed, whatever the answer cache does', async () => {
    const { config } = await loadConfig({ cwd: fixture.directory });
    const insights = { catalog: createPricingCatalog(), config, ledgerArgument: fixture.ledgerPath };
    const finishedAt = async (dashboard: Hono): Promise<string> => {
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const insight = alarmsInsightSchema.parse(await (await dashboard.request('/api/alarms')).json());
        if (insight.state === 'ready') return insight.finishedAt;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('check still running');
    };
    // Answers reused for no time at all, but the check kept: one run.
    const kept = createDashboardApp({ ledger, benchDirectory: fixture.benchDirectory, pageDirectory: null, cacheMaxAgeMs: 0, insightsMaxAgeMs: Number.POSITIVE_INFINITY, insights });
    const once = await finishedAt(kept);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await finishedAt(kept)).toBe(once);
    // insightsMaxAgeMs 0: every read after a finished run starts the next one.
    const fresh = createDashboardApp({ ledger, benchDirectory: fixture.benchDirectory, pageDirectory: null, insightsMaxAgeMs: 0, insights });
    const first = await finishedAt(fresh);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await fresh.request('/api/alarms');
    let again = first;
    for (let attempt = 0; attempt < 600 && again === first; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = await finishedAt(fresh);
    }
    expect(Date.parse(again)).toBeGreaterThan(Date.parse(first));
  });

  it('serves the built page with relative links, also when mounted under a prefix', async () => {
    expect((await app.request('/')).status).toBe(503);
    const page = join(fixture.directory, 'page');
    mkdirSync(join(page, 'assets'), { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>x</title><script type="module" src="./assets/main-abc.js"></script>');
    writeFileSync(join(page, 'assets', 'main-abc.js'), 'console.log(1)');
    const gateway = new Hono();
    gateway.route('/dashboard', createDashboardApp({ ledger, benchDirectory: fixture.benchDirectory, pageDirectory: page }));
    const redirect = await gateway.request('/dashboard');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    const index = await gateway.request('/dashboard/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = await gateway.request('/dashboard/assets/main-abc.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await gateway.request('/dashboard/assets/../../etc/passwd')).status).toBe(404);
    expect((await gateway.request('/dashboard/api/meta')).status).toBe(200);
  });
});
