import type { ReviewConfig } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { readSampleLabel, resolveLedgerPeriod } from '../report/index.js';
import { buildSavingsPlan } from './build-savings-plan.js';
import { detectBatchCandidates } from './detect-batch-candidates.js';
import { detectCacheOpportunities } from './detect-cache-opportunities.js';
import { detectOutputCaps } from './detect-output-caps.js';
import { detectProvisionedThroughput } from './detect-provisioned-throughput.js';
import { detectRoutingCandidates } from './detect-routing-candidates.js';
import { detectServiceTier } from './detect-service-tier.js';
import { createSliceState, loadReviewSlices, reviewSources } from './load-review-slices.js';
import { type LeverDraft, type ReviewContext, count, createExampleReader } from './review-context.js';
import { type ReviewReport, reviewReportSchema } from './review-report-schema.js';

export interface RunReviewOptions {
  ledger: Ledger;
  catalog: PricingCatalog;
  config: ReviewConfig;
  /** Default: review.since in frugal.yaml (30 days back from the ledger's latest day). */
  since?: string;
  until?: string;
  /** How the user names the ledger, for the commands the findings suggest. */
  ledgerArgument: string;
  now?: () => Date;
}

/**
 * `frugal review`: reads the period's traffic from the ledger as slices (task × model × caller
 * role × mode, aggregated in the database), runs one detector per lever, and prices their
 * changes in compounding order into a savings plan. Every finding carries the filter and request
 * ids of the ledger rows behind it. The result is validated against `reviewReportSchema`.
 */
export async function runReview(options: RunReviewOptions): Promise<ReviewReport> {
  const { ledger, catalog, config } = options;
  const now = options.now ?? (() => new Date());
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const time = performance.now();
    timings[name] = Math.round(time - clock);
    clock = time;
  };

  const period = await resolveLedgerPeriod(ledger, { since: options.since ?? config.since, ...(options.until !== undefined && { until: options.until }), sources: reviewSources, now: now() });
  const filter = { since: period.since, until: period.until, sources: reviewSources };
  const { slices, unmodelled } = await loadReviewSlices(ledger, filter, catalog);
  lap('slices');
  const context: ReviewContext = { ledger, catalog, config, filter, firstUsage: period.firstUsage, slices, ledgerArgument: options.ledgerArgument, examples: createExampleReader(ledger, filter) };

  const drafts: LeverDraft[] = [];
  const batch = await detectBatchCandidates(context);
  drafts.push(batch);
  lap('batch');
  drafts.push(await detectCacheOpportunities(context, batch.batchedSlices));
  lap('caching');
  drafts.push(await detectRoutingCandidates(context));
  lap('routing');
  drafts.push(await detectOutputCaps(context));
  lap('caps');
  drafts.push(await detectServiceTier(context, batch.batchedSlices));
  lap('service-tier');
  const provisioned = await detectProvisionedThroughput(context);
  drafts.push(provisioned);
  lap('provisioned');

  const ledgerSpend = slices.reduce((sum, slice) => sum + slice.cost, 0) + unmodelled.cost;
  const plan = buildSavingsPlan(drafts, createSliceState(slices), catalog, ledgerSpend + provisioned.heldCost);
  lap('plan');

  const byTask = new Map<string, { task: string; cost: number; requests: number; models: { modelId: string; cost: number; requests: number }[] }>();
  const byModel = new Map<string, { modelId: string; name: string; tier: number | null; cost: number; requests: number }>();
  for (const slice of slices) {
    const task = byTask.get(slice.task) ?? { task: slice.task, cost: 0, requests: 0, models: [] };
    task.cost += slice.cost;
    task.requests += slice.requests;
    const onModel = task.models.find((model) => model.modelId === slice.modelId) ?? { modelId: slice.modelId, cost: 0, requests: 0 };
    if (!task.models.includes(onModel)) task.models.push(onModel);
    onModel.cost += slice.cost;
    onModel.requests += slice.requests;
    byTask.set(slice.task, task);
    const model = byModel.get(slice.modelId) ?? { modelId: slice.modelId, name: slice.modelName, tier: slice.tier, cost: 0, requests: 0 };
    model.cost += slice.cost;
    model.requests += slice.requests;
    byModel.set(slice.modelId, model);
  }
  const unpricedRows = slices.reduce((sum, slice) => sum + slice.unpricedRows, 0);
  const notes = [
    ...(slices.length === 0 ? [`No model calls in the ledger between ${period.since.slice(0, 10)} and ${period.until.slice(0, 10)} (sources: ${reviewSources.join(', ')}). Ingest invocation logs with frugal ingest, or widen --since.`] : []),
    ...(unmodelled.rows > 0 ? [`${count(unmodelled.rows)} rows ($${unmodelled.cost.toFixed(2)}) name no known model and are counted in spend but in no lever.`] : []),
    ...(unpricedRows > 0 ? [`${count(unpricedRows)} rows have no known cost (see their pricing notes); the true spend is higher than shown.`] : []),
  ];
  const [billed] = await ledger.query.aggregate({ filter: { since: period.since, until: period.until, sources: ['cur', 'focus'] } });
  if ((billed?.rows ?? 0) > 0) notes.push(`The ledger also holds ${count(billed?.rows ?? 0)} billing rows (CUR/FOCUS) for the period: the same spend seen from the bill, which names no tasks, so the review reads the calls; frugal report shows the bill when there are no calls.`);
  const report: ReviewReport = {
    kind: 'frugal-review',
    version: 1,
    generatedAt: now().toISOString(),
    sample: await readSampleLabel(ledger),
    ledger: ledger.location,
    period,
    spend: {
      total: ledgerSpend,
      rows: slices.reduce((sum, slice) => sum + slice.rows, 0) + unmodelled.rows,
      requests: slices.reduce((sum, slice) => sum + slice.requests, 0),
      unpricedRows,
      provisioned: provisioned.heldCost,
      byTask: [...byTask.values()].sort((left, right) => right.cost - left.cost),
      byModel: [...byModel.values()].sort((left, right) => right.cost - left.cost),
    },
    levers: plan.levers,
    plan: { steps: plan.steps, before: plan.before, saving: plan.saving, after: plan.after, savingShare: plan.before === 0 ? 0 : plan.saving / plan.before },
    priceVersion: catalog.version,
    notes,
    timings,
  };
  return reviewReportSchema.parse(report);
}
