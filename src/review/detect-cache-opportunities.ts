import {
  type CacheLintFinding,
  type CacheSimulation,
  type LintRequest,
  type ModelCachePlan,
  convertLedgerRowToLayout,
  convertLedgerRowToLintRequest,
  createTraceRequest,
  readCachePrices,
  simulatePromptCache,
  describeCacheAnchor,
  estimateTokens,
  layoutTokens,
  lintCachePrefixes,
  planCacheForTraffic,
} from '../cache/index.js';
import type { UsageRow } from '../core/index.js';
import type { CachingRules } from '../pricing/index.js';
import type { StoredPromptText } from '../ledger/index.js';
import { type LeverEffect, priceEffect } from './lever-effect.js';
import { type ReviewSlice, createSliceState, sliceKeyOfRow } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, count, describeSlice, groupSlices, percent, shellArgument, sinceArgument, slug } from './review-context.js';
import { sampleCacheTraffic } from './sample-cache-traffic.js';
import { splitDynamicSystemBlocks } from './split-dynamic-system-blocks.js';

/** Requests the linter reads per model (spread over the sample): findings repeat, so more adds time, not facts. */
const lintLimit = 800;
const breakerRules = new Set(['dynamic-before-static', 'varying-before-static', 'dynamic-value']);

interface SliceOutcome {
  read: number;
  write: number;
  total: number;
  requests: number;
  cachingRequests: number;
  hits: number;
  exampleIds: string[];
}

/** Token counts memoised by text: thousands of requests share a few system prompts. */
function memoisedCounter(): (text: string) => number {
  const known = new Map<string, number>();
  return (text) => {
    let tokens = known.get(text);
    if (tokens === undefined) {
      tokens = estimateTokens(text);
      known.set(text, tokens);
    }
    return tokens;
  };
}

function plan(rows: readonly UsageRow[], texts: ReadonlyMap<string, string>, context: ReviewContext, modelId: string, countTokens: (text: string) => number): { result: ModelCachePlan | undefined; totals: number[] } {
  const traffic = rows.map((row) => ({ time: Date.parse(row.usageStart), modelId: row.rawModelId, layout: convertLedgerRowToLayout(row, texts, countTokens) }));
  const usable = traffic.filter((request): request is typeof request & { layout: NonNullable<typeof request.layout> } => request.layout !== undefined);
  if (usable.length !== traffic.length) throw new Error('plan() expects rows with logged prompt blocks only');
  const [result] = planCacheForTraffic(usable, { catalog: context.catalog, ttl: context.config.caching.ttl, model: modelId });
  return { result, totals: usable.map((request) => layoutTokens(request.layout)) };
}

function outcomesBySlice(rows: readonly UsageRow[], simulation: CacheSimulation, totals: readonly number[], sliceOf: (row: UsageRow) => string): Map<string, SliceOutcome> {
  const outcomes = new Map<string, SliceOutcome>();
  rows.forEach((row, index) => {
    const key = sliceOf(row);
    const outcome = outcomes.get(key) ?? { read: 0, write: 0, total: 0, requests: 0, cachingRequests: 0, hits: 0, exampleIds: [] };
    const { read, write } = simulation.perRequest[index] ?? { read: 0, write: 0 };
    outcome.read += read;
    outcome.write += write;
    outcome.total += totals[index] ?? 0;
    outcome.requests += 1;
    if (read + write > 0) outcome.cachingRequests += 1;
    if (read > 0) {
      outcome.hits += 1;
      if (outcome.exampleIds.length < 5) outcome.exampleIds.push(row.requestId);
    }
    outcomes.set(key, outcome);
  });
  return outcomes;
}

/** The chosen cache points on the prompts as logged (one simulation, not a new plan). */
function replayAsLogged(rows: readonly UsageRow[], texts: ReadonlyMap<string, string>, best: CacheSimulation, rules: CachingRules, modelPlan: ModelCachePlan, context: ReviewContext, countTokens: (text: string) => number): CacheSimulation | undefined {
  const prices = readCachePrices(context.catalog, rows[0]?.rawModelId ?? modelPlan.modelId, modelPlan.region).byTtl[best.ttl];
  if (prices === undefined) return undefined;
  const trace = rows.flatMap((row) => {
    const layout = convertLedgerRowToLayout(row, texts, countTokens);
    return layout === undefined ? [] : [createTraceRequest(Date.parse(row.usageStart), layout, modelPlan.modelId)];
  });
  return simulatePromptCache(trace, best.anchors, { rules, ttl: best.ttl, prices });
}

function describeLintFinding(finding: CacheLintFinding, ids: readonly string[]): string {
  const block = finding.section === 'messages' ? `message ${finding.messageIndex ?? 0}, block ${finding.block}` : finding.section === 'tools' ? `tool ${finding.block}` : `system block ${finding.block}`;
  return `${finding.rule} in ${count(finding.count)} requests, first request ${ids[finding.line - 1] ?? '?'}, ${block}, character ${finding.offset}: ${finding.message}. Fix: ${finding.suggestion}`;
}

/**
 * Prompt caching per model: the ledger's prompt blocks (hashes and sizes, with the stored system
 * and tool text) replayed through `planCacheForTraffic`, which simulates Bedrock's cache on the
 * real arrival times with the model's TTL, minimum tokens and checkpoint limit; the cache linter
 * finds what breaks the prefix, and where the breaker is a changing value before static system
 * text, the plan is simulated again with that value moved behind the static text. Slices the
 * batch lever takes are left out (batch has no caching). Measured hit rates of traffic that
 * already sets cache points are reported beside.
 */
export async function detectCacheOpportunities(context: ReviewContext, batched: readonly ReviewSlice[]): Promise<LeverDraft> {
  const { catalog, config } = context;
  const skip = new Set(batched.map((slice) => slice.key));
  const candidates = context.slices.filter((slice) => slice.mode === 'on-demand' && !skip.has(slice.key));
  const notes: string[] = [];
  const findings: FindingDraft[] = [];
  const initial = createSliceState(context.slices);
  const defaultRegion = catalog.catalog.defaultRegion;
  const sliceOf = (row: UsageRow): string => sliceKeyOfRow(row, defaultRegion);

  for (const slice of context.slices.filter((item) => item.profile.cachePointRows > 0)) {
    const { cachePointRows, cachePointReadRows } = slice.profile;
    notes.push(`Measured: ${percent(cachePointReadRows / cachePointRows)} of the ${count(cachePointRows)} requests of ${describeSlice(slice)} on ${slice.modelName} that set cache points read from the cache.`);
  }

  for (const group of groupSlices(candidates, (slice) => slice.modelId)) {
    const first = group[0] as ReviewSlice;
    const rules = catalog.model(first.modelId)?.entry.caching;
    if (rules === undefined || !rules.supported) {
      notes.push(`${first.modelName}: Bedrock offers no prompt caching for this model (${count(group.reduce((sum, slice) => sum + slice.requests, 0))} calls).`);
      continue;
    }
    const keys = new Set(group.map((slice) => slice.key));
    // Every on-demand row of the model is read in the windows (the cache is shared by all its callers); the slices left to batch are dropped after.
    const modelRows = context.slices.filter((slice) => slice.modelId === first.modelId && slice.mode === 'on-demand').reduce((sum, slice) => sum + slice.rows, 0);
    const sample = await sampleCacheTraffic(context.ledger, { ...context.filter, modelIds: [first.modelId], modes: ['on-demand'] }, modelRows, config.caching.maxRequestsPerModel);
    const inScope = sample.rows.filter((row) => keys.has(sliceOf(row))).sort((left, right) => Date.parse(left.usageStart) - Date.parse(right.usageStart));
    const rows = inScope.filter((row) => row.promptBlocks.length > 0);
    if (rows.length < inScope.length) notes.push(`${first.modelName}: ${count(inScope.length - rows.length)} of ${count(inScope.length)} sampled calls have no logged request body (text delivery off in invocation logging) and could not be simulated.`);
    if (rows.length === 0) continue;

    const hashes = [...new Set(rows.flatMap((row) => row.promptBlocks.filter((block) => block.kind === 'tools' || block.kind === 'system').map((block) => block.hash)))];
    const stored = new Map<string, StoredPromptText>((await context.ledger.query.promptTexts(hashes)).map((text) => [text.hash, text]));
    const texts = new Map([...stored].map(([hash, text]) => [hash, text.text]));
    const countTokens = memoisedCounter();

    // The linter first, on an even spread of the sample numbered in time order: what it finds decides which traffic is planned.
    const step = Math.max(1, Math.ceil(rows.length / lintLimit));
    const lintRequests: LintRequest[] = [];
    const lintIds: string[] = [];
    for (const row of rows.filter((_, index) => index % step === 0)) {
      const request = convertLedgerRowToLintRequest(row, texts);
      if (request === undefined) continue;
      lintIds.push(row.requestId);
      lintRequests.push({ line: lintIds.length, request });
    }
    const lint = lintRequests.length > 0 ? lintCachePrefixes(lintRequests) : [];
    const breakers = lint.filter((finding) => breakerRules.has(finding.rule));
    const flagged = new Set(breakers.filter((finding) => finding.section === 'system').map((finding) => finding.block));
    const split = flagged.size > 0 ? splitDynamicSystemBlocks(rows, stored, sliceOf, flagged) : undefined;
    const fixed = split !== undefined && split.changedRows > 0 ? split : undefined;
    const plannedRows = fixed?.rows ?? rows;
    const plannedTexts = fixed === undefined ? texts : new Map([...texts, ...fixed.texts]);
    const chosen = plan(plannedRows, plannedTexts, context, first.modelId, countTokens);
    if (chosen.result === undefined) continue;
    const modelPlan = chosen.result;
    const best = modelPlan.plan.best;
    if (best === undefined || modelPlan.plan.verdict !== 'cache') {
      notes.push(`${first.modelName}: ${modelPlan.plan.reason ?? 'no cache points save money on this traffic'}.`);
      if (breakers.length > 0) notes.push(...breakers.slice(0, 3).map((finding) => `${first.modelName}: ${describeLintFinding(finding, lintIds)}`));
      continue;
    }
    // With the prompt change assumed, the same cache points replayed on the prompts as they are show what the change is worth.
    const asLogged = fixed === undefined ? undefined : replayAsLogged(rows, texts, best, rules, modelPlan, context, countTokens);

    const outcomes = outcomesBySlice(rows, best, chosen.totals, sliceOf);
    const shares: Record<string, { read: number; write: number; ttl: '5m' | '1h'; prefixTokens: number }> = {};
    const affected: ReviewSlice[] = [];
    const sliceFacts: { label: string; value: string }[] = [];
    const examples: string[] = [];
    for (const slice of group) {
      const outcome = outcomes.get(slice.key);
      if (outcome === undefined || outcome.total === 0) continue;
      const share = { read: outcome.read / outcome.total, write: outcome.write / outcome.total, ttl: best.ttl, prefixTokens: outcome.cachingRequests === 0 ? 0 : (outcome.read + outcome.write) / outcome.cachingRequests };
      const effect: LeverEffect = { kind: 'cache', shares: { [slice.key]: share } };
      if (priceEffect(initial, effect, catalog).saving <= 0) continue;
      shares[slice.key] = share;
      affected.push(slice);
      examples.push(...outcome.exampleIds.slice(0, 2));
      const measured = slice.profile.cachePointRows > 0 ? `measured ${percent(slice.profile.cachePointReadRows / slice.profile.cachePointRows)} of calls with cache points` : 'no cache points today';
      sliceFacts.push({ label: describeSlice(slice), value: `${measured}; simulated ${percent(outcome.hits / outcome.requests)} of ${count(outcome.requests)} sampled calls read the cache, ${percent(share.read)} of their input tokens` });
    }
    if (affected.length === 0) {
      notes.push(`${first.modelName}: the simulated cache points save nothing over what the traffic already caches.`);
      continue;
    }

    const anchors = best.anchors.map((anchor) => describeCacheAnchor(anchor)).join(', ');
    const fixFacts = fixed === undefined ? [] : breakers.filter((finding) => finding.section === 'system').slice(0, 2).map((finding) => ({ label: 'prefix breaker', value: describeLintFinding(finding, lintIds) }));
    const otherBreakers = breakers.filter((finding) => fixed === undefined || finding.section !== 'system').slice(0, 2).map((finding) => ({ label: 'prefix breaker (not fixed in this projection)', value: describeLintFinding(finding, lintIds) }));
    const sampling = sample.sampled
      ? `${count(rows.length)} of ${count(sample.totalRows)} calls, in ${sample.windows.length} windows of whole hours across the period (each starts with a cold cache, so the estimate errs low)`
      : `all ${count(rows.length)} calls of the period`;
    const fixedSlices = fixed === undefined ? [] : affected.filter((slice) => fixed?.changedSlices.has(slice.key));
    findings.push({
      id: `caching:${slug(first.modelId)}`,
      lever: 'caching',
      title: `Cache the repeated prompt prefix on ${first.modelName}${fixed === undefined ? '' : ' (after moving the changing text out of it)'}`,
      action:
        (fixed === undefined ? '' : `First move the changing text of the system prompt of ${fixedSlices.map(describeSlice).join(', ')} behind its static part (its own block after the static text). `) +
        `Then set cache points (${anchors}, TTL ${best.ttl}) on ${affected.map(describeSlice).join(', ')}: createClient() and the gateway place them with placeCachePoints.`,
      command: `frugal cache plan --ledger ${shellArgument(context.ledgerArgument)} --model ${shellArgument(first.modelId)} --since ${sinceArgument(context, affected)}`,
      confidence: sample.sampled || fixed !== undefined ? 'medium' : 'high',
      confidenceReason: [
        'simulated on the real arrival times with the model\'s cache rules',
        ...(sample.sampled ? ['on a time sample of the traffic'] : []),
        ...(fixed !== undefined ? ['assumes the prompt change is made'] : []),
        'input tokens of the prompt blocks are estimated from their size',
      ].join('; '),
      evidence: await buildEvidence(
        context,
        affected,
        [
          { label: 'simulation', value: `${sampling}; cache points ${anchors}; TTL ${best.ttl}; minimum ${count(rules.minTokensPerCheckpoint)} tokens, at most ${rules.maxCheckpoints} cache points` },
          { label: 'projected hit rate', value: `${percent(best.hitRate)} of requests read the cache; ${percent(best.totalInputTokens === 0 ? 0 : best.cacheReadTokens / best.totalInputTokens)} of input tokens` },
          ...(asLogged === undefined ? [] : [{ label: 'without the prompt change', value: `the same cache points would ${asLogged.cachedCost < asLogged.baselineCost ? `save ${percent((asLogged.baselineCost - asLogged.cachedCost) / asLogged.baselineCost)} of the sampled input cost` : `cost ${percent((asLogged.cachedCost - asLogged.baselineCost) / Math.max(1e-12, asLogged.baselineCost))} more than no caching`} (hit rate ${percent(asLogged.hitRate)}), against ${percent((best.baselineCost - best.cachedCost) / Math.max(1e-12, best.baselineCost))} with it` }]),
          ...fixFacts,
          ...otherBreakers,
          ...sliceFacts,
        ],
        examples,
      ),
      warnings: modelPlan.warnings,
      effect: { kind: 'cache', shares },
      slices: affected,
    });
  }
  return {
    lever: 'caching',
    applicable: candidates.length > 0,
    findings,
    notes,
    emptySummary: candidates.length === 0 ? 'No on-demand traffic left to cache after batch.' : 'No repeated prefix long enough to cache that would save money on the real arrival times.',
  };
}
