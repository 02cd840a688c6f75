import type { Panel, PanelId } from '../api/dashboard-api-schema.js';
import { buildCacheHitView } from './build-cache-hit-view.js';
import { buildCachedSpendView } from './build-cached-spend-view.js';
import { buildDailyCostView } from './build-daily-cost-view.js';
import { buildFamilyCostView } from './build-family-cost-view.js';
import { buildHourlyTokensView } from './build-hourly-tokens-view.js';
import { buildLatencyView } from './build-latency-view.js';
import { buildMonthlySpendView } from './build-monthly-spend-view.js';
import { buildTaskCostView } from './build-task-cost-view.js';
import { buildTokenBreakdownView } from './build-token-breakdown-view.js';
import type { ViewContext } from './view-context.js';

/** The builder of each chart panel (ids and order live in the API schema, which the page shares). */
export const dashboardViews: Record<PanelId, (context: ViewContext) => Promise<Panel>> = {
  'daily-cost-by-model': buildDailyCostView,
  'cost-per-task-by-model': buildTaskCostView,
  'cache-hit-rate': buildCacheHitView,
  'latency-by-model': buildLatencyView,
  'spend-by-provider-month': buildMonthlySpendView,
  'cost-by-family-day': buildFamilyCostView,
  'tokens-by-model': buildTokenBreakdownView,
  'hourly-tokens-by-provider': buildHourlyTokensView,
  'cached-vs-uncached': buildCachedSpendView,
};
