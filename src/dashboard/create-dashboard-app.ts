import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { FrugalError } from '../core/index.js';
import type { FrugalConfig } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import { formatSchemaIssues, type PricingCatalog } from '../pricing/index.js';
import { runCheck } from '../report/index.js';
import { runReview } from '../review/index.js';
import { type DashboardFilter, dashboardFilterSchema, readSearchParams, rowsQuerySchema } from './api/dashboard-filter-schema.js';
import { panelIds } from './api/dashboard-api-schema.js';
import type { AlarmsInsight, ReviewInsight } from './api/dashboard-insights-schema.js';
import { createBackgroundResult } from './server/create-background-result.js';
import { createCachedQueries } from './server/create-cached-queries.js';
import { defaultPageDirectory, loadPageAssets, type PageAsset } from './server/load-page-assets.js';
import { buildBenchView } from './views/build-bench-view.js';
import { buildMetaView } from './views/build-meta-view.js';
import { buildRowsView } from './views/build-rows-view.js';
import { buildSummaryView } from './views/build-summary-view.js';
import { dashboardViews } from './views/dashboard-views.js';
import type { ViewContext } from './views/view-context.js';

export interface DashboardAppOptions {
  /** An open ledger; the app only reads it and never closes it. */
  ledger: Ledger;
  /** A bench run folder or a folder of runs (default `./frugal-bench`, resolved by the caller). */
  benchDirectory: string;
  /** The built page (default: the package's dist/dashboard/page); null serves the API only. */
  pageDirectory?: string | null;
  /**
   * How long a ledger answer is reused. Default: forever for DuckDB (this process holds the file's
   * lock, so nothing else can write it), 30 s for PostgreSQL (gateways write while we read).
   */
  cacheMaxAgeMs?: number;
  /**
   * How long a finished review and check are shown before they run again (on the next read).
   * Default: `cacheMaxAgeMs` when given, else forever for DuckDB and 10 minutes for PostgreSQL.
   */
  insightsMaxAgeMs?: number;
  /**
   * What `frugal review` and `frugal check` need to run on this ledger (the catalog and
   * frugal.yaml); without it the page says the plan and alarms are not available.
   */
  insights?: { catalog: PricingCatalog; config: FrugalConfig; ledgerArgument: string; now?: () => Date };
}

class BadQueryError extends Error {}

function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const url = new URL(c.req.url);
  const parsed = schema.safeParse(readSearchParams(url.searchParams.entries()));
  if (!parsed.success) throw new BadQueryError(formatSchemaIssues(parsed.error).join('; '));
  return parsed.data;
}

/**
 * The dashboard as a Hono app: a read-only JSON API over the ledger under `/api/*` and the built
 * page at `/`. Mount it anywhere (`gateway.route('/dashboard', createDashboardApp(...))`): the page
 * asks for `api/...` relative to its own address.
 */
export function createDashboardApp(options: DashboardAppOptions): Hono {
  const { ledger } = options;
  const queries = createCachedQueries(ledger.query, { maxAgeMs: options.cacheMaxAgeMs ?? (ledger.kind === 'duckdb' ? Number.POSITIVE_INFINITY : 30_000) });
  const context = (filter: DashboardFilter): ViewContext => ({ queries, filter });
  const pageDirectory = options.pageDirectory === undefined ? defaultPageDirectory() : options.pageDirectory;
  let assets: Map<string, PageAsset> | null | undefined;
  const maxAgeMs = options.insightsMaxAgeMs ?? options.cacheMaxAgeMs ?? (ledger.kind === 'duckdb' ? Number.POSITIVE_INFINITY : 10 * 60_000);
  const insights = options.insights;
  const review =
    insights === undefined
      ? undefined
      : createBackgroundResult(() => runReview({ ledger, catalog: insights.catalog, config: insights.config.review, ledgerArgument: insights.ledgerArgument, ...(insights.now !== undefined && { now: insights.now }) }), { maxAgeMs });
  const check =
    insights === undefined
      ? undefined
      : createBackgroundResult(() => runCheck({ ledger, catalog: insights.catalog, config: insights.config, ...(insights.now !== undefined && { now: insights.now() }) }), { maxAgeMs });
  const unavailable = { state: 'unavailable' as const, message: 'The dashboard was started without the price catalog and frugal.yaml, so it cannot run frugal review or frugal check.' };

  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof BadQueryError) return c.json({ error: { code: 'invalid_query', message: error.message } }, 400);
    if (FrugalError.isInstance(error) && error.code === 'INVALID_ARGUMENT') return c.json({ error: { code: 'invalid_query', message: error.message } }, 400);
    return c.json({ error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }, 500);
  });
  app.use('/api/*', async (c, next) => {
    await next();
    // Answers change with the ledger; the browser must ask again rather than keep an old one.
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/meta', async (c) => c.json(await buildMetaView(ledger, queries)));
  app.get('/api/summary', async (c) => c.json(await buildSummaryView(context(readQuery(c, dashboardFilterSchema)))));
  app.get('/api/views/:id', async (c) => {
    const id = c.req.param('id');
    const build = (panelIds as readonly string[]).includes(id) ? dashboardViews[id as keyof typeof dashboardViews] : undefined;
    if (build === undefined) return c.json({ error: { code: 'not_found', message: `No view "${id}"; the views are ${panelIds.join(', ')}.` } }, 404);
    return c.json(await build(context(readQuery(c, dashboardFilterSchema))));
  });
  app.get('/api/rows', async (c) => {
    const query = readQuery(c, rowsQuerySchema);
    const { limit: _limit, offset: _offset, order: _order, ...filter } = query;
    return c.json(await buildRowsView(context(filter), query));
  });
  app.get('/api/bench', (c) => c.json(buildBenchView(options.benchDirectory)));
  // The latest savings plan and alarms, computed on this ledger in the background (seconds on a
  // large ledger): the page asks again while the state is `running`.
  app.get('/api/review', (c) => c.json((review?.read() ?? unavailable) satisfies ReviewInsight));
  app.get('/api/alarms', (c) => c.json((check?.read() ?? unavailable) satisfies AlarmsInsight));
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: 'No such endpoint; see GET api/meta, api/summary, api/views/:id, api/rows, api/bench, api/review, api/alarms.' } }, 404));

  const serveAsset = (c: Context, name: string): Response => {
    assets ??= pageDirectory === null ? null : loadPageAssets(pageDirectory);
    if (assets === null) {
      return c.text(`The dashboard page is not built (${pageDirectory ?? 'no page directory'}). Run \`npm run build\`; the JSON API answers under api/.`, 503);
    }
    const asset = assets.get(name);
    if (asset === undefined) return c.text('Not found', 404);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Everything the page needs ships with it: no CDN, no other origin. Vega compiles its
      // expressions with Function(), hence 'unsafe-eval'; vega-embed adds inline styles.
      'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'",
    });
  };
  // Relative asset and API links need the page's address to end in a slash: mounted at
  // /dashboard, the page is /dashboard/ and "/dashboard" redirects there.
  app.get('/', (c) => (c.req.path.endsWith('/') ? serveAsset(c, '/index.html') : c.redirect(`${c.req.path}/`, 308)));
  app.get('/assets/:file', (c) => serveAsset(c, `/assets/${c.req.param('file')}`));
  app.get('*', (c) => (c.req.path === c.req.routePath.replace(/\*$/, '') ? serveAsset(c, '/index.html') : c.text('Not found', 404)));
  return app;
}

