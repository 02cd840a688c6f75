import type { AlarmsConfig, ProvisionedHolding } from '../../config/index.js';
import { FrugalError, formatUsd, normalizeModelId, type UsageSource } from '../../core/index.js';
import type { Ledger, RowFilter } from '../../ledger/index.js';
import { type PricingCatalog, computeCrossover } from '../../pricing/index.js';
import { readProvisionedTraffic } from '../read-provisioned-traffic.js';
import type { Alarm, CheckResult } from './check-result-schema.js';

const dayMs = 86_400_000;
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;

interface Windows {
  recent: RowFilter & { since: string; until: string };
  baseline: RowFilter & { since: string; until: string };
}

function windowsOf(until: string, recentDays: number, baselineDays: number, sources: readonly UsageSource[]): Windows {
  const end = Date.parse(until);
  const split = end - recentDays * dayMs;
  const iso = (time: number): string => new Date(time).toISOString();
  return { recent: { since: iso(split), until, sources }, baseline: { since: iso(split - baselineDays * dayMs), until: iso(split), sources } };
}

/**
 * Drift alarms, each comparing the last days with the weeks before them: the cache hit rate of
 * calls that set cache points (per task and model; e.g. 94% → 61% after a prompt change broke
 * the prefix), the share of calls on tier-1 models against its target, the cost per call of each
 * task, and the sustained utilisation of provisioned units (`computeCrossover`).
 */
export async function detectDrift(ledger: Ledger, options: { sources: readonly UsageSource[]; until: string; alarms: AlarmsConfig; provisioned: readonly ProvisionedHolding[]; catalog: PricingCatalog }): Promise<{ drift: CheckResult['drift']; alarms: Alarm[]; notes: string[] }> {
  const { alarms: settings, sources, until } = options;
  const alarms: Alarm[] = [];
  const notes: string[] = [];
  const filterOf = (filter: RowFilter & { since: string; until: string }, extra: Partial<Record<'tasks' | 'modelIds', string[]>> = {}): Alarm['filter'] => ({ since: filter.since, until: filter.until, sources: [...sources], ...extra });

  // Cache hit rate of the calls that set cache points.
  const cacheWindows = windowsOf(until, settings.cacheHitRate.recentDays, settings.cacheHitRate.baselineDays, sources);
  const [recentCache, baselineCache] = await Promise.all([cacheWindows.recent, cacheWindows.baseline].map((filter) => ledger.query.requestProfile({ filter, groupBy: ['task', 'modelId'], capQuantile: null })));
  const cacheHitRate: CheckResult['drift']['cacheHitRate'] = [];
  for (const recent of recentCache ?? []) {
    const task = String(recent.group.task);
    const modelId = String(recent.group.modelId);
    const baseline = baselineCache?.find((row) => row.group.task === recent.group.task && row.group.modelId === recent.group.modelId);
    if (baseline === undefined || recent.cachePointRows < settings.cacheHitRate.minRequests || baseline.cachePointRows < settings.cacheHitRate.minRequests) continue;
    const entry = { task, modelId, baseline: baseline.cachePointReadRows / baseline.cachePointRows, recent: recent.cachePointReadRows / recent.cachePointRows, baselineRequests: baseline.cachePointRows, recentRequests: recent.cachePointRows };
    cacheHitRate.push(entry);
    if (entry.baseline - entry.recent >= settings.cacheHitRate.maxDrop) {
      alarms.push({
        id: `cache-hit-rate:${task}:${modelId}`,
        kind: 'cache-hit-rate',
        severity: 'alarm',
        message: `Cache hit rate of ${task} on ${modelId} fell from ${percent(entry.baseline)} to ${percent(entry.recent)} (last ${settings.cacheHitRate.recentDays} days vs the ${settings.cacheHitRate.baselineDays} before): check what changed before the cache point (frugal cache lint --ledger ... --task ${task}).`,
        value: entry.recent,
        threshold: entry.baseline - settings.cacheHitRate.maxDrop,
        filter: filterOf(cacheWindows.recent, { tasks: [task], modelIds: [modelId] }),
      });
    }
  }

  // Share of calls served by tier-1 models.
  const tierWindow = windowsOf(until, settings.tier1Share.recentDays, 0, sources).recent;
  const tierFilter = { ...tierWindow, ...(settings.tier1Share.tasks !== undefined && { tasks: settings.tier1Share.tasks }) };
  const tiers = await ledger.query.aggregate({ filter: tierFilter, groupBy: ['modelTier'] });
  const calls = (row: (typeof tiers)[number]): number => (row.requests > 0 ? row.requests : row.rows);
  const allCalls = tiers.reduce((sum, row) => sum + calls(row), 0);
  const tier1 = tiers.filter((row) => row.group.modelTier === 1).reduce((sum, row) => sum + calls(row), 0);
  const share = allCalls === 0 ? null : tier1 / allCalls;
  const target = settings.tier1Share.target ?? null;
  if (target !== null && share !== null && share < target) {
    alarms.push({
      id: 'tier1-share',
      kind: 'tier1-share',
      severity: 'alarm',
      message: `Only ${percent(share)} of calls in the last ${settings.tier1Share.recentDays} days ran on tier-1 models, below the ${percent(target)} target${settings.tier1Share.tasks === undefined ? '' : ` (tasks ${settings.tier1Share.tasks.join(', ')})`}: check the router's thresholds and rules.`,
      value: share,
      threshold: target,
      filter: { ...filterOf(tierWindow), ...(settings.tier1Share.tasks !== undefined && { tasks: [...settings.tier1Share.tasks] }) },
    });
  }

  // Cost per call of each task.
  const costWindows = windowsOf(until, settings.costPerTask.recentDays, settings.costPerTask.baselineDays, sources);
  const [recentTasks, baselineTasks] = await Promise.all([costWindows.recent, costWindows.baseline].map((filter) => ledger.query.aggregate({ filter, groupBy: ['task'] })));
  const costPerTask: CheckResult['drift']['costPerTask'] = [];
  for (const recent of recentTasks ?? []) {
    const task = String(recent.group.task);
    const baseline = baselineTasks?.find((row) => row.group.task === recent.group.task);
    const recentCalls = recent.requests > 0 ? recent.requests : recent.rows;
    const baselineCalls = baseline === undefined ? 0 : baseline.requests > 0 ? baseline.requests : baseline.rows;
    if (baseline === undefined || recentCalls < settings.costPerTask.minRequests || baselineCalls < settings.costPerTask.minRequests || baseline.cost <= 0) continue;
    const entry = { task, baseline: baseline.cost / baselineCalls, recent: recent.cost / recentCalls, change: 0, baselineRequests: baselineCalls, recentRequests: recentCalls };
    entry.change = entry.recent / entry.baseline - 1;
    costPerTask.push(entry);
    if (entry.change > settings.costPerTask.maxIncrease) {
      alarms.push({
        id: `cost-per-task:${task}`,
        kind: 'cost-per-task',
        severity: 'alarm',
        message: `Cost per call of ${task} rose ${percent(entry.change)}, from ${formatUsd(entry.baseline, { precise: true })} to ${formatUsd(entry.recent, { precise: true })} (last ${settings.costPerTask.recentDays} days vs the ${settings.costPerTask.baselineDays} before): a longer prompt, longer replies, a lost cache or a pricier model.`,
        value: entry.change,
        threshold: settings.costPerTask.maxIncrease,
        filter: filterOf(costWindows.recent, { tasks: [task] }),
      });
    }
  }

  // Sustained utilisation of the provisioned units held.
  const provisioned: CheckResult['drift']['provisioned'] = [];
  const utilisationWindow = windowsOf(until, settings.cacheHitRate.recentDays + settings.cacheHitRate.baselineDays, 0, sources).recent;
  for (const holding of options.provisioned) {
    const resolved = normalizeModelId(holding.model, options.catalog.registry);
    if (!resolved.ok) {
      notes.push(`review.provisioned: ${resolved.error.message}`);
      continue;
    }
    try {
      const result = computeCrossover(
        {
          model: resolved.model.id,
          units: holding.units,
          term: holding.term,
          traffic: await readProvisionedTraffic(ledger, utilisationWindow, resolved.model.id),
          ...(holding.region !== undefined && { region: holding.region }),
          ...(holding.hourlyRate !== undefined && { hourlyRate: holding.hourlyRate }),
          ...(holding.tokensPerMinutePerUnit !== undefined && { tokensPerMinutePerUnit: holding.tokensPerMinutePerUnit }),
        },
        options.catalog,
      );
      const sustained = result.utilization?.sustained ?? null;
      provisioned.push({ model: holding.model, units: holding.units, sustained, recommendation: result.recommendation });
      if (sustained === null) notes.push(`${holding.model}: give tokensPerMinutePerUnit in review.provisioned to check its utilisation.`);
      else if (sustained < settings.provisionedUtilization.min) {
        alarms.push({
          id: `provisioned-utilization:${holding.model}`,
          kind: 'provisioned-utilization',
          severity: 'alarm',
          message: `Provisioned ${result.modelName} (${holding.units} unit${holding.units === 1 ? '' : 's'}) ran at ${percent(sustained)} sustained utilisation over the last ${Math.round((Date.parse(utilisationWindow.until) - Date.parse(utilisationWindow.since)) / dayMs)} days, below ${percent(settings.provisionedUtilization.min)}: ${result.reason}`,
          value: sustained,
          threshold: settings.provisionedUtilization.min,
          filter: { ...filterOf(utilisationWindow, { modelIds: [resolved.model.id] }), modes: ['provisioned'] },
        });
      }
    } catch (error) {
      if (!FrugalError.isInstance(error)) throw error;
      notes.push(`${holding.model}: ${error.message}`);
    }
  }
  return { drift: { cacheHitRate, tier1Share: { share, target, requests: allCalls }, costPerTask, provisioned }, alarms, notes };
}
