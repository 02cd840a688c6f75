import { assessLatencyTolerance } from './assess-latency-tolerance.js';
import { offersMode } from './lever-effect.js';
import { type ReviewSlice, slicePriceId } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, describeSlice, groupSlices, slug } from './review-context.js';

/**
 * Service tier: on-demand traffic that can wait minutes (no streamed reply, no conversation, or
 * frugal.yaml says so), on models the catalog sells at a flex price in that Region. Slices the
 * batch lever takes are left to it.
 */
export async function detectServiceTier(context: ReviewContext, batched: readonly ReviewSlice[]): Promise<LeverDraft> {
  const { catalog } = context;
  const skip = new Set(batched.map((slice) => slice.key));
  const onDemand = context.slices.filter((slice) => slice.mode === 'on-demand' && !skip.has(slice.key));
  const findings: FindingDraft[] = [];
  const notes: string[] = [];
  const flexModels = catalog.catalog.models.filter((model) => model.prices.some((row) => row.mode === 'flex')).map((model) => model.name);

  for (const group of groupSlices(onDemand, (slice) => `${slice.task}|${slice.modelId}`)) {
    const eligible = group.filter((slice) => assessLatencyTolerance(slice, context.config).tolerance !== 'interactive' && offersMode(slicePriceId(slice), slice.region, 'flex', catalog));
    if (eligible.length === 0) continue;
    const first = eligible[0] as ReviewSlice;
    const configured = context.config.tasks[first.task]?.latency !== undefined;
    findings.push({
      id: `service-tier:${slug(`${first.task}-${first.modelId}`)}`,
      lever: 'service-tier',
      title: `Send ${first.task} to ${first.modelName}'s flex tier`,
      action: `Set serviceTier: { type: 'flex' } on these calls: they do not stream and are not conversations, so a slower, cheaper tier fits.`,
      confidence: configured ? 'high' : 'low',
      confidenceReason: configured ? 'frugal.yaml sets the task\'s latency tolerance' : 'no sign of a waiting user, but nothing says one is not waiting either; confirm with the task\'s owner',
      evidence: await buildEvidence(context, eligible, eligible.map((slice) => ({ label: describeSlice(slice), value: `${slice.requests} calls, ${slice.profile.streamingRows} streamed, ${slice.profile.multiTurnRows} multi-turn` }))),
      warnings: ['Flex requests may be queued longer or rejected under load: keep a retry on the standard tier.'],
      effect: { kind: 'flex', sliceKeys: eligible.map((slice) => slice.key) },
      slices: eligible,
    });
  }
  const models = [...new Set(onDemand.map((slice) => slice.modelName))];
  if (findings.length === 0 && onDemand.length > 0) notes.push(`The catalog has no flex price for ${models.join(', ')}${flexModels.length === 0 ? '' : ` (it has one for ${flexModels.join(', ')})`}; add one under pricing.prices (mode: flex) in frugal.yaml if AWS offers it to you.`);
  return {
    lever: 'service-tier',
    applicable: onDemand.length > 0,
    findings,
    notes,
    emptySummary: onDemand.length === 0 ? 'No on-demand traffic left after batch.' : 'No model in use has a flex price in the catalog for this traffic.',
  };
}
