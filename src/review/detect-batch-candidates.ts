import { assessLatencyTolerance, countAsyncMetadata, type LatencyAssessment } from './assess-latency-tolerance.js';
import { offersMode } from './lever-effect.js';
import { type ReviewSlice, slicePriceId } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, count, describeSlice, groupSlices, shellArgument, sinceArgument, slug } from './review-context.js';

export interface BatchCandidates extends LeverDraft {
  /** Slices the plan moves to batch: the caching simulation leaves them out (batch has no prompt caching). */
  batchedSlices: ReviewSlice[];
}

/** Slices whose metadata is read (one small query each). */
const maxMetadataLookups = 40;

const days = (slice: ReviewSlice): number => {
  if (slice.firstUsage === null || slice.lastUsage === null) return 1;
  return Math.max(1, Math.ceil((Date.parse(slice.lastUsage) - Date.parse(slice.firstUsage)) / 86_400_000));
};

/**
 * Batch candidates: on-demand traffic whose callers can wait 24 hours (frugal.yaml, or the
 * traffic's own signals), on models Bedrock runs batch jobs for in that Region, priced at the
 * catalog's batch price. Traffic that could wait on a model without batch is noted, not counted.
 */
export async function detectBatchCandidates(context: ReviewContext): Promise<BatchCandidates> {
  const { catalog } = context;
  const onDemand = context.slices.filter((slice) => slice.mode === 'on-demand');
  const assessed = new Map<ReviewSlice, LatencyAssessment>();
  let lookups = 0;
  for (const slice of onDemand) {
    let assessment = assessLatencyTolerance(slice, context.config);
    // Metadata can only add the second signal a slice needs: read it from a few calls of the slices that have one already (the costliest first; slices come sorted by cost).
    if (assessment.source === 'heuristic' && assessment.tolerance !== 'interactive' && assessment.asyncSignals.length >= 1 && lookups < maxMetadataLookups) {
      lookups += 1;
      assessment = assessLatencyTolerance(slice, context.config, countAsyncMetadata(await context.examples([slice]), context.config));
    }
    assessed.set(slice, assessment);
  }
  const tolerant = onDemand.filter((slice) => assessed.get(slice)?.tolerance === '24h');
  const notes: string[] = [];
  const findings: FindingDraft[] = [];
  const batchedSlices: ReviewSlice[] = [];

  for (const group of groupSlices(tolerant, (slice) => `${slice.task}|${slice.role}|${slice.modelId}`)) {
    const first = group[0] as ReviewSlice;
    const entry = catalog.model(first.modelId)?.entry;
    const supported = group.filter((slice) => entry?.batch.supported === true && offersMode(slicePriceId(slice), slice.region, 'batch', catalog));
    if (supported.length === 0) {
      notes.push(`${describeSlice(first)} can wait 24 hours, but the catalog has no batch price for ${first.modelName} in ${first.region}${entry?.batch.supported === false ? ' (Bedrock runs no batch jobs for it)' : ''}; see the routing and service-tier levers.`);
      continue;
    }
    const assessment = assessed.get(first) as LatencyAssessment;
    const requests = supported.reduce((sum, slice) => sum + slice.requests, 0);
    const perDay = requests / Math.max(...supported.map(days));
    const minimum = entry?.batch.minRecordsPerJob ?? 100;
    const warnings: string[] = [];
    if (perDay < minimum) warnings.push(`About ${count(perDay)} calls a day, below Bedrock's minimum of ${count(minimum)} records per batch job: collect ${Math.ceil(minimum / Math.max(1, perDay))} days of work per job, or check the quota in Service Quotas.`);
    if (first.tokens.cacheRead + first.tokens.cacheWrite5m + first.tokens.cacheWrite1h > 0) warnings.push('These calls use prompt caching today; batch jobs have none, so their cached input is billed at the batch input price instead.');
    const signals = assessment.source === 'config' ? [`frugal.yaml sets review.tasks.${first.task}.latency: 24h`] : assessment.asyncSignals;
    const confidence = assessment.source === 'config' || signals.length >= 3 ? 'high' : 'medium';
    batchedSlices.push(...supported);
    findings.push({
      id: `batch:${slug(`${first.task}-${first.role}-${first.modelId}`)}`,
      lever: 'batch',
      title: `Run ${describeSlice(first)} on ${first.modelName} as batch jobs`,
      action: `Send these calls as Bedrock batch inference jobs (results within 24 hours, at ${first.modelName}'s batch price) instead of one on-demand call each.`,
      command: `frugal batch plan --ledger ${shellArgument(context.ledgerArgument)} --task ${shellArgument(first.task)} --since ${sinceArgument(context, supported)}`,
      confidence,
      confidenceReason: assessment.source === 'config' ? 'frugal.yaml says this task can wait 24 hours' : `${signals.length} signals of asynchronous work and none of a waiting user`,
      evidence: await buildEvidence(context, supported, [
        ...signals.map((signal) => ({ label: 'signal', value: signal })),
        { label: 'calls', value: `${count(requests)} (about ${count(perDay)} a day)` },
        { label: 'batch price', value: `${first.modelName} in ${first.region}, from the catalog` },
      ]),
      warnings,
      effect: { kind: 'batch', sliceKeys: supported.map((slice) => slice.key) },
      slices: supported,
    });
  }
  const interactive = onDemand.filter((slice) => assessed.get(slice)?.tolerance === 'interactive').length;
  return {
    lever: 'batch',
    applicable: onDemand.length > 0,
    findings,
    notes,
    batchedSlices,
    emptySummary:
      onDemand.length === 0
        ? 'No on-demand traffic in the period.'
        : `No traffic shows it can wait 24 hours (${interactive} of ${onDemand.length} task/caller slices are interactive); mark tasks that can with review.tasks.<task>.latency: 24h in frugal.yaml.`,
  };
}
