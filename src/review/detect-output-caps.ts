import { type ReviewSlice } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, count, percent, slug } from './review-context.js';

const maxFindings = 15;

/**
 * Output caps and verbosity: per task and model, the calls whose logged request set no output
 * cap, the output past the task's p95 (the proposed cap) and what those tokens cost, all counted
 * in SQL (`requestProfile`). The output/input ratio of each task is reported beside.
 */
export async function detectOutputCaps(context: ReviewContext): Promise<LeverDraft> {
  const { config } = context;
  const quantile = config.caps.quantile;
  const label = `p${Math.round(quantile * 100)}`;
  const profiles = await context.ledger.query.requestProfile({ filter: context.filter, groupBy: ['task', 'modelId'], capQuantile: quantile });
  const findings: FindingDraft[] = [];
  const notes: string[] = [];
  let uncappedTotal = 0;

  // The longest replies of each finding are one query each: the findings whose tail costs most, then a note for the rest.
  const withTail = profiles.filter((profile) => profile.uncappedRows > 0 && profile.tailTokens > 0).sort((left, right) => right.tailCost - left.tailCost);
  const kept = new Set(withTail.slice(0, maxFindings));
  if (withTail.length > maxFindings) notes.push(`${withTail.length - maxFindings} more task/model pairs have uncapped replies past their ${label} ($${withTail.slice(maxFindings).reduce((sum, profile) => sum + profile.tailCost, 0).toFixed(2)} of output in all).`);
  for (const profile of profiles) {
    const task = String(profile.group.task);
    const modelId = profile.group.modelId === null || profile.group.modelId === undefined ? null : String(profile.group.modelId);
    uncappedTotal += profile.uncappedRows;
    if (modelId === null || !kept.has(profile) || profile.outputCap === null) continue;
    const slices = context.slices.filter((slice) => slice.task === task && slice.modelId === modelId && slice.profile.uncappedRows > 0);
    if (slices.length === 0) continue;
    // The tail goes to the slices in proportion to the output of their uncapped calls.
    const weight = (slice: ReviewSlice): number => (slice.tokens.output * slice.profile.uncappedRows) / Math.max(1, slice.profile.bodyRows);
    const weights = slices.reduce((sum, slice) => sum + weight(slice), 0);
    const removed = Object.fromEntries(slices.map((slice) => [slice.key, weights === 0 ? 0 : (profile.tailTokens * weight(slice)) / weights]));
    const input = slices.reduce((sum, slice) => sum + slice.tokens.input + slice.tokens.cacheRead + slice.tokens.cacheWrite5m + slice.tokens.cacheWrite1h, 0);
    const output = slices.reduce((sum, slice) => sum + slice.tokens.output, 0);
    const cap = Math.ceil(profile.outputCap);
    const longest = await context.ledger.query.listRequests({ filter: { ...context.filter, tasks: [task], modelIds: [modelId] }, limit: 5, orderBy: 'outputTokens' });
    const json = longest.some((row) => (row.responsePreview ?? '').trimStart().startsWith('{') || (row.responsePreview ?? '').trimStart().startsWith('['));
    const first = slices[0] as ReviewSlice;
    findings.push({
      id: `caps:${slug(`${task}-${modelId}`)}`,
      lever: 'caps',
      title: `Cap ${task}'s output at ${count(cap)} tokens (its ${label}) on ${first.modelName}`,
      action: `Set maxTokens: ${cap} on the ${count(profile.uncappedRows)} calls of ${task} that set no cap (inferenceConfig.maxTokens; createClient() and the gateway can apply it per task). An unset cap also makes Bedrock reserve the model's maximum output against your tokens-per-minute quota.`,
      confidence: json ? 'low' : 'medium',
      confidenceReason: json
        ? `${count(profile.tailRows)} replies ran past ${count(cap)} tokens and are structured (JSON): a cut reply is unusable, so retry those with a larger cap, or split the input`
        : `${count(profile.tailRows)} replies (${percent(profile.tailRows / profile.uncappedRows, 1)} of the uncapped) ran past the cap and would be cut short`,
      evidence: await buildEvidence(
        context,
        slices,
        [
          { label: 'uncapped calls', value: `${count(profile.uncappedRows)} of ${count(profile.bodyRows)} calls with a logged request set no maxTokens` },
          { label: `output ${label}`, value: `${count(cap)} tokens; ${count(profile.tailRows)} uncapped replies ran past it by ${count(profile.tailTokens)} tokens in all, costing $${profile.tailCost.toFixed(2)}` },
          { label: 'verbosity', value: `${(input === 0 ? 0 : output / input).toFixed(2)} output tokens per input token` },
          ...(profile.capStopRows > 0 ? [{ label: 'already cut', value: `${count(profile.capStopRows)} calls stopped at their cap (stopReason max_tokens)` }] : []),
        ],
        longest.map((row) => row.requestId),
      ),
      warnings: json ? ['The longest replies are JSON; a capped reply that is cut short is invalid JSON. Keep a retry with a larger cap.'] : [],
      effect: { kind: 'cap', outputTokens: removed },
      slices,
    });
  }
  if (uncappedTotal > 0 && findings.length === 0) notes.push(`${count(uncappedTotal)} calls set no output cap, but none ran past its task's ${label}.`);
  return {
    lever: 'caps',
    applicable: profiles.some((profile) => profile.bodyRows > 0),
    findings,
    notes,
    emptySummary: profiles.some((profile) => profile.bodyRows > 0) ? 'Every call with a logged request body sets an output cap, or no reply runs past its task\'s tail.' : 'No logged request bodies: whether calls set an output cap is unknown (turn on text delivery in invocation logging).',
  };
}
