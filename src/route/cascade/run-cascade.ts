import { type Cost, FrugalError, isProviderError, type ReportedUsage } from '../../core/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import { type CallOptions, type ModelProvider, type ModelRequest, type ModelResult, priceReportedUsage, usageModeOf } from '../../providers/index.js';
import { type ValidationFailureKind, type ValidationInput, type Validator, validateAnswer } from './validator.js';

/** One rung of the cascade: a model, where to call it, and same-tier alternatives for outages. */
export interface CascadeRung {
  modelId: string;
  /** The cascade's provider unless given. */
  provider?: ModelProvider;
  /** Tried in order when the call fails with a retryable error after the provider's own retries (throttling, 5xx, timeouts). */
  fallbacks?: readonly { modelId: string; provider?: ModelProvider }[];
}

export interface CascadeOptions {
  /** Cheapest first. */
  ladder: readonly (string | CascadeRung)[];
  /** Tier to start on (1 = cheapest), e.g. the router's decision. */
  startTier?: number;
  validators: readonly Validator[];
  catalog: PricingCatalog;
  region?: string;
  /**
   * A refusal is surfaced, not routed around: `return` (default) hands back the refusal with
   * outcome `refused`; `escalate` tries the next tier, and the attempt still records the refusal.
   */
  onRefusal?: 'return' | 'escalate';
  callOptions?: CallOptions;
  now?: () => number;
  /**
   * The cost of a call (its answer, or the error it failed with) that the caller has priced
   * already — the pipeline's recorder prices every call once, at its start time — so it is not
   * priced twice; calls it returns undefined for are priced from the catalog here.
   */
  pricedCall?: (call: ModelResult | FrugalError) => Cost | undefined;
}

export type AttemptOutcome = 'accepted' | 'escalated' | 'refused' | 'failed-validation' | 'error' | 'filtered';

export interface CascadeAttempt {
  tier: number;
  requestedModelId: string;
  /** The model that served (a prompt router's pick); null when the call failed. */
  servedModelId: string | null;
  provider: string;
  outcome: AttemptOutcome;
  reason?: string;
  failure?: ValidationFailureKind;
  errorCode?: string;
  /** An error fallback within the tier, not a quality escalation. */
  fallback: boolean;
  /** USD; null when the provider left a billed bucket unreported. Failed calls bill only what they report. */
  costUsd: number | null;
  cost?: Cost;
  latencyMs: number;
}

export interface CascadeResult {
  /** `exhausted`: even the top tier's answer failed validation; it is returned with that verdict. */
  outcome: 'accepted' | 'refused' | 'exhausted';
  result: ModelResult;
  finalTier: number;
  attempts: CascadeAttempt[];
  /** Quality escalations (error fallbacks are not counted). */
  escalations: number;
  /** Every attempt's cost, the failed cheap calls included; null if any is unknown. */
  totalCostUsd: number | null;
}

/** A cascade that could not produce an answer; `attempts` says what was tried and paid. */
export class CascadeError extends FrugalError {
  readonly attempts: CascadeAttempt[];
  readonly totalCostUsd: number | null;
  constructor(message: string, cause: FrugalError, attempts: CascadeAttempt[]) {
    super(cause.code, message, { cause, isRetryable: cause.isRetryable });
    this.name = 'CascadeError';
    this.attempts = attempts;
    this.totalCostUsd = sumCosts(attempts);
  }
}

function sumCosts(attempts: readonly CascadeAttempt[]): number | null {
  let total = 0;
  for (const attempt of attempts) {
    if (attempt.costUsd === null) return null;
    total += attempt.costUsd;
  }
  return total;
}

export function validationInputOf(result: ModelResult, request?: ModelRequest): ValidationInput {
  const text = result.output.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  const toolInputs = result.output.content.flatMap((block) => (block.type === 'tool-use' ? [block.input] : []));
  return { text, stopReason: result.output.stopReason, toolInputs, ...(request !== undefined && { request }) };
}

/**
 * Cheapest tier first; each answer goes through the validators and a failure escalates to the
 * next tier. Every attempt is recorded with its reason and cost, because the failed cheap call is
 * paid too. Provider errors are a different matter from bad answers: a retryable error (after the
 * provider's own retries) switches to the tier's fallbacks, never up the ladder; a content filter
 * or a refusal is surfaced, not routed around.
 */
export async function runCascade(request: ModelRequest, provider: ModelProvider, options: CascadeOptions): Promise<CascadeResult> {
  const now = options.now ?? (() => performance.now());
  const rungs: CascadeRung[] = options.ladder.map((rung) => (typeof rung === 'string' ? { modelId: rung } : rung));
  const start = options.startTier ?? 1;
  if (start < 1 || start > rungs.length) throw new FrugalError('INVALID_ARGUMENT', `startTier ${start} is not on the cascade's ladder of ${rungs.length}.`);
  const attempts: CascadeAttempt[] = [];
  // In the mode the call was billed in (flex, priority, provisioned), as the pipeline and ledger price it.
  const price = (call: ModelResult | FrugalError, usage: ReportedUsage, model: string, serviceTier: ModelResult['serviceTier']): { cost: Cost; costUsd: number | null } => {
    const known = options.pricedCall?.(call);
    if (known !== undefined) return { cost: known, costUsd: known.total };
    const context = { model, mode: usageModeOf(model, serviceTier ?? request.serviceTier ?? null, options.catalog), ...(options.region !== undefined && { region: options.region }) };
    const cost = priceReportedUsage(usage, context, options.catalog);
    return { cost, costUsd: cost.total };
  };

  for (let tier = start; tier <= rungs.length; tier += 1) {
    const rung = rungs[tier - 1] as CascadeRung;
    const candidates = [{ modelId: rung.modelId, provider: rung.provider ?? provider }, ...(rung.fallbacks ?? []).map((fallback) => ({ modelId: fallback.modelId, provider: fallback.provider ?? provider }))];
    let result: ModelResult | undefined;
    let used = candidates[0] as (typeof candidates)[number];
    for (const [index, candidate] of candidates.entries()) {
      const started = now();
      try {
        result = await candidate.provider.invoke({ ...request, modelId: candidate.modelId }, options.callOptions);
        used = candidate;
        break;
      } catch (error) {
        if (!FrugalError.isInstance(error)) throw error;
        const usage = isProviderError(error) ? error.usage : undefined;
        const billed = usage === undefined ? { costUsd: 0 } : price(error, usage, candidate.modelId, null);
        const filtered = error.code === 'CONTENT_FILTERED';
        attempts.push({
          tier,
          requestedModelId: candidate.modelId,
          servedModelId: null,
          provider: candidate.provider.name,
          outcome: filtered ? 'filtered' : 'error',
          reason: error.message,
          errorCode: error.code,
          fallback: index > 0,
          latencyMs: now() - started,
          ...billed,
        });
        if (filtered) throw new CascadeError(`A content filter stopped tier ${tier} (${candidate.modelId}); not routed around. ${error.message}`, error, attempts);
        if (!error.isRetryable) throw new CascadeError(`Tier ${tier} (${candidate.modelId}) failed with an error another model would not fix: ${error.message}`, error, attempts);
        if (index === candidates.length - 1) {
          throw new CascadeError(`Tier ${tier} failed on ${candidates.length === 1 ? 'its only provider' : `all ${candidates.length} providers`} after retries (${error.code}); give the rung fallbacks to switch providers on outages.`, error, attempts);
        }
      }
    }
    const answer = result as ModelResult;
    const { cost, costUsd } = price(answer, answer.usage, answer.modelId, answer.serviceTier);
    const base = { tier, requestedModelId: used.modelId, servedModelId: answer.modelId, provider: used.provider.name, fallback: used !== candidates[0], cost, costUsd, latencyMs: answer.latency.totalMs };
    const verdict = options.validators.length === 0 ? ({ ok: true } as const) : validateAnswer(options.validators, validationInputOf(answer, request));
    if (verdict.ok) {
      attempts.push({ ...base, outcome: 'accepted' });
      return finish('accepted', answer, tier);
    }
    const failure = { reason: verdict.reason, failure: verdict.kind };
    if (verdict.kind === 'refusal' && (options.onRefusal ?? 'return') === 'return') {
      attempts.push({ ...base, outcome: 'refused', ...failure });
      return finish('refused', answer, tier);
    }
    if (tier === rungs.length) {
      attempts.push({ ...base, outcome: 'failed-validation', ...failure });
      return finish('exhausted', answer, tier);
    }
    attempts.push({ ...base, outcome: 'escalated', ...failure });
  }
  throw new FrugalError('INVALID_ARGUMENT', 'The cascade ladder is empty.');

  function finish(outcome: CascadeResult['outcome'], result: ModelResult, finalTier: number): CascadeResult {
    return { outcome, result, finalTier, attempts, escalations: attempts.filter((attempt) => attempt.outcome === 'escalated').length, totalCostUsd: sumCosts(attempts) };
  }
}
