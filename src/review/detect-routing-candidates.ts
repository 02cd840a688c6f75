import { normalizeModelId } from '../core/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { assessTier1Work } from './assess-tier1-work.js';
import { offersMode, priceEffect } from './lever-effect.js';
import { type ReviewSlice, createSliceState } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, count, groupSlices, shellArgument, slug } from './review-context.js';

/** Task/model pairs assessed, the most expensive first. */
const maxGroups = 25;
const groupCost = (group: readonly ReviewSlice[]): number => group.reduce((sum, slice) => sum + slice.cost, 0);

interface Candidate {
  modelId: string;
  name: string;
  publisher: string;
  saving: number;
}

/** Tier-1 models to propose: the user's list, else the catalog's active tier-1 models of the same provider sold on-demand in the Region. */
function tier1Models(context: ReviewContext, slice: ReviewSlice): { modelId: string; name: string; publisher: string }[] {
  const { catalog } = context;
  const configured = context.config.routing.candidates;
  const ids = configured === undefined
    ? catalog.catalog.models.filter((model) => model.tier === 1 && model.status !== 'legacy' && model.provider === slice.provider).map((model) => model.id)
    : configured.map((id) => {
        const resolved = normalizeModelId(id, catalog.registry);
        return resolved.ok ? resolved.model.id : id;
      });
  return ids
    .filter((id) => id !== slice.modelId && offersMode(id, slice.region, 'on-demand', catalog))
    .map((id) => {
      const entry = catalog.model(id)?.entry;
      return { modelId: id, name: entry?.name ?? id, publisher: entry?.publisher ?? '' };
    });
}

/** The profile prefix the slice's calls used (`us.`), so the bench calls the models the same way. */
function profilePrefix(rawModelId: string | undefined, modelId: string): string {
  if (rawModelId === undefined) return '';
  const at = rawModelId.indexOf(modelId);
  return at > 0 && /^[a-z]+\.$/.test(rawModelId.slice(0, at)) ? rawModelId.slice(0, at) : '';
}

function modelName(catalog: PricingCatalog, id: string): string {
  return catalog.model(id)?.entry.name ?? id;
}

/**
 * Model routing / tier fit: spend on tier-2 and tier-3 models for tasks that look like tier-1
 * work (see `assessTier1Work`). Each is priced on the cheaper tier-1 models the catalog sells in
 * the Region (cached input billed as input where the cheaper model cannot cache that prefix);
 * the proposal is the publisher's own tier-1 model when one saves money, else the one that saves
 * most. It is a projection until `frugal bench` confirms the quality, and says so.
 */
export async function detectRoutingCandidates(context: ReviewContext): Promise<LeverDraft> {
  const { catalog, config } = context;
  const upper = context.slices.filter((slice) => (slice.tier ?? 1) > 1 && slice.mode !== 'provisioned');
  const notes: string[] = [];
  const findings: FindingDraft[] = [];
  const initial = createSliceState(context.slices);
  const outputs = await context.ledger.query.distribution({ measure: 'outputTokens', filter: { ...context.filter, modelIds: [...new Set(upper.map((slice) => slice.modelId))] }, groupBy: ['task', 'modelId'], quantiles: [0.5, 0.95] });
  const outputOf = new Map(outputs.map((row) => [`${row.group.task}|${row.group.modelId}`, row]));

  const groups = groupSlices(upper, (slice) => `${slice.task}|${slice.modelId}`).sort((left, right) => groupCost(right) - groupCost(left));
  // Each group reads a few calls and its system prompt; beyond the biggest groups that costs more time than the savings are worth reading.
  const assessed = groups.slice(0, maxGroups);
  if (groups.length > maxGroups) {
    const rest = groups.slice(maxGroups).reduce((sum, group) => sum + groupCost(group), 0);
    notes.push(`${groups.length - maxGroups} smaller task/model pairs on tier-2 and tier-3 models ($${rest.toFixed(2)}) were not assessed; name them with review.tasks.<task>.tier1 to include them.`);
  }
  for (const group of assessed) {
    const first = group[0] as ReviewSlice;
    const examples = await context.examples(group);
    const systemHash = examples.flatMap((row) => row.promptBlocks).find((block) => block.kind === 'system')?.hash;
    const systemText = systemHash === undefined ? '' : ((await context.ledger.query.promptTexts([systemHash]))[0]?.text ?? '');
    const distribution = outputOf.get(`${first.task}|${first.modelId}`);
    const p95 = distribution?.quantiles[1] ?? null;
    const assessment = assessTier1Work(group, examples, systemText, p95, config);
    if (!assessment.looksTier1) continue;

    const candidates: Candidate[] = tier1Models(context, first)
      .map((model) => ({ ...model, saving: priceEffect(initial, { kind: 'route', sliceKeys: group.map((slice) => slice.key), toModel: model.modelId }, catalog).saving }))
      .filter((candidate) => candidate.saving > 0)
      .sort((left, right) => right.saving - left.saving);
    if (candidates.length === 0) {
      notes.push(`${first.task} on ${first.modelName} looks like tier-1 work, but no tier-1 model in the catalog is cheaper for its traffic in ${first.region}.`);
      continue;
    }
    const own = candidates.find((candidate) => candidate.publisher === first.publisher);
    const proposed = own ?? (candidates[0] as Candidate);
    const prefix = profilePrefix(examples[0]?.rawModelId, first.modelId);
    const benchModels = [proposed, ...candidates.filter((candidate) => candidate !== proposed)].slice(0, 3).map((candidate) => `${prefix}${candidate.modelId}`);
    const suite = config.tasks[first.task]?.benchSuite ?? `suites/${first.task}.yaml`;
    const command = `frugal bench ${shellArgument(suite)} --models ${benchModels.join(',')} --baseline ${shellArgument(examples[0]?.rawModelId ?? first.modelId)}`;
    const confident = proposed === own && (assessment.kind === 'classification' || assessment.kind === 'routing') && assessment.source === 'heuristic';
    findings.push({
      id: `routing:${slug(`${first.task}-${first.modelId}`)}`,
      lever: 'routing',
      title: `Move ${first.task} from ${first.modelName} (tier ${first.tier ?? '?'}) to ${proposed.name} (tier 1), if a benchmark confirms`,
      action: `Benchmark ${first.task} on ${benchModels.map((id) => modelName(catalog, id.slice(prefix.length))).join(', ')} against ${first.modelName}; route it to the cheapest that keeps quality within your margin (a routing rule on task "${first.task}" in createClient() or the gateway).`,
      command,
      confidence: assessment.source === 'config' ? 'medium' : confident ? 'medium' : 'low',
      confidenceReason: `${assessment.source === 'config' ? 'frugal.yaml marks it as tier-1 work' : `looks like ${assessment.kind} work`}; the saving holds only if the benchmark shows the quality holds${suite.startsWith('suites/') && config.tasks[first.task]?.benchSuite === undefined ? ` (write ${suite} from this task's examples with their expected outputs first; see README, frugal bench)` : ''}`,
      evidence: await buildEvidence(
        context,
        group,
        [
          ...assessment.signals.map((signal) => ({ label: 'tier-1 signal', value: signal })),
          ...assessment.against.map((reason) => ({ label: 'noted', value: reason })),
          ...(distribution === undefined ? [] : [{ label: 'output tokens', value: `median ${count(distribution.quantiles[0] ?? 0)}, p95 ${count(distribution.quantiles[1] ?? 0)}` }]),
          ...[proposed, ...candidates.filter((candidate) => candidate !== proposed).slice(0, 3)].map((candidate) => ({ label: `on ${candidate.name}`, value: `would save about $${candidate.saving.toFixed(2)} of today's cost of this traffic${candidate === proposed ? (candidate === own ? ' (proposed: the same publisher\'s tier-1 model)' : ' (proposed)') : ''}` })),
        ],
        examples.slice(0, 5).map((row) => row.requestId),
      ),
      warnings: [],
      effect: { kind: 'route', sliceKeys: group.map((slice) => slice.key), toModel: proposed.modelId },
      slices: group,
    });
  }
  return {
    lever: 'routing',
    applicable: upper.length > 0,
    findings,
    notes,
    emptySummary: context.slices.length === 0 ? 'No calls in the period.' : upper.length === 0 ? 'All traffic already runs on tier-1 models.' : 'No task on a tier-2 or tier-3 model looks like tier-1 work (classification, routing, extraction, short answers); mark one with review.tasks.<task>.tier1: true.',
  };
}
