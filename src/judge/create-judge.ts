import { type Cost, isProviderError, type ReportedUsage } from '../core/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { type CallOptions, type ModelProvider, priceReportedUsage, usageModeForServiceTier } from '../providers/index.js';
import { buildJudgeRequest } from './build-judge-request.js';
import { createVerdictAnswerKey } from './create-verdict-answer-key.js';
import { criterionHigherIsBetter, type JudgeCriterion } from './judge-criterion.js';
import { JudgeError } from './judge-error.js';
import { applyThreshold, type JudgeVerdict } from './judge-verdict.js';
import { parseJudgeReply } from './parse-judge-reply.js';

export interface JudgeSettings {
  provider: ModelProvider;
  /** The panel: one judge model, or several whose votes are pooled. The same panel rates every candidate. */
  models: readonly string[];
  /** Times each judge rates each criterion (self-consistency); 1 by default. */
  repeats?: number;
  pricing: PricingCatalog;
  region: string;
  maxTokens?: number;
  structuredOutput?: 'tool' | 'text';
  callOptions?: CallOptions;
}

export interface JudgeInput {
  criteria: readonly JudgeCriterion[];
  prompt: string;
  response: string;
  reference?: string;
  /**
   * Emulator only: what a perfect judge would answer for a criterion, sent as an answer key so a
   * simulated judge answers it at its declared accuracy. Undefined: no key.
   */
  truth?: (criterion: JudgeCriterion) => boolean | undefined;
}

/** One judge's answer (or failure) on one criterion. */
export interface JudgeVote {
  judge: string;
  repeat: number;
  verdict: JudgeVerdict | null;
  error: string | null;
}

export interface CriterionResult {
  criterion: string;
  votes: JudgeVote[];
  /** Mean raw score of the votes that applied; null when none did or all failed. */
  score: number | null;
  /** Mean quality (higher is better) of the votes that applied. */
  quality: number | null;
  /** Majority of the votes that applied (a tie fails). */
  pass: boolean | null;
  reason: string;
  /** Set when no vote succeeded: a judge error, not a low score. */
  error: string | null;
}

export interface JudgeCall {
  judge: string;
  criterion: string;
  usage: ReportedUsage | null;
  cost: Cost | null;
  latencyMs: number;
  ok: boolean;
}

export interface JudgeOutcome {
  results: CriterionResult[];
  calls: JudgeCall[];
  /** USD of every judge call, failed ones included when billed; null when any is unknown. */
  cost: number | null;
}

export interface Judge {
  readonly models: readonly string[];
  readonly repeats: number;
  evaluate(input: JudgeInput): Promise<JudgeOutcome>;
}

/**
 * An LLM judge (or panel) on the provider layer: one call per criterion × judge × repeat, each
 * asking for the verdict through tool use and validated with zod. A failed call or unreadable
 * reply becomes an error vote; a criterion with no good vote is a judge error.
 */
export function createJudge(settings: JudgeSettings): Judge {
  const repeats = settings.repeats ?? 1;
  if (settings.models.length === 0) throw new JudgeError('call-failed', '(none)', 'no judge model given.');

  async function vote(input: JudgeInput, criterion: JudgeCriterion, judge: string, repeat: number): Promise<{ vote: JudgeVote; call: JudgeCall }> {
    const truth = input.truth?.(criterion);
    const requestMetadata = truth === undefined ? undefined : createVerdictAnswerKey(criterion, truth);
    const request = buildJudgeRequest({
      judgeModel: judge,
      criterion,
      prompt: input.prompt,
      response: input.response,
      ...(input.reference !== undefined && { reference: input.reference }),
      ...(settings.maxTokens !== undefined && { maxTokens: settings.maxTokens }),
      ...(settings.structuredOutput !== undefined && { structuredOutput: settings.structuredOutput }),
      ...(requestMetadata !== undefined && { requestMetadata }),
    });
    const started = Date.now();
    const price = (usage: ReportedUsage, model: string, tier: Parameters<typeof usageModeForServiceTier>[0]): Cost =>
      priceReportedUsage(usage, { model, region: settings.region, mode: usageModeForServiceTier(tier) }, settings.pricing);
    try {
      const result = await settings.provider.invoke(request, settings.callOptions);
      const call: JudgeCall = { judge, criterion: criterion.name, usage: result.usage, cost: price(result.usage, result.modelId, result.serviceTier), latencyMs: result.latency.totalMs, ok: true };
      try {
        const raw = parseJudgeReply(result.output, judge);
        const verdict = applyThreshold(raw, criterion.threshold, criterionHigherIsBetter(criterion));
        return { vote: { judge, repeat, verdict, error: null }, call };
      } catch (error) {
        return { vote: { judge, repeat, verdict: null, error: (error as Error).message }, call: { ...call, ok: false } };
      }
    } catch (error) {
      const usage = isProviderError(error) ? (error.usage ?? null) : null;
      const wrapped = new JudgeError('call-failed', judge, `the call failed: ${(error as Error).message}`, { cause: error });
      return {
        vote: { judge, repeat, verdict: null, error: wrapped.message },
        call: { judge, criterion: criterion.name, usage, cost: usage === null ? null : price(usage, judge, null), latencyMs: Date.now() - started, ok: false },
      };
    }
  }

  return {
    models: settings.models,
    repeats,
    async evaluate(input) {
      const jobs = input.criteria.flatMap((criterion) =>
        settings.models.flatMap((judge) => Array.from({ length: repeats }, (_, repeat) => ({ criterion, judge, repeat }))),
      );
      const outcomes = await Promise.all(jobs.map((job) => vote(input, job.criterion, job.judge, job.repeat)));
      const results = input.criteria.map((criterion) =>
        aggregateVotes(
          criterion.name,
          outcomes.filter((_, index) => jobs[index]?.criterion === criterion).map((outcome) => outcome.vote),
        ),
      );
      const calls = outcomes.map((outcome) => outcome.call);
      // A failed call without usage was (as far as anyone knows) not billed; one with usage is priced.
      const billed = calls.filter((call) => call.ok || call.usage !== null);
      const cost = billed.some((call) => call.cost?.total === null || call.cost === null)
        ? null
        : billed.reduce((sum, call) => sum + (call.cost?.total ?? 0), 0);
      return { results, calls, cost };
    },
  };
}

export function aggregateVotes(criterion: string, votes: JudgeVote[]): CriterionResult {
  const good = votes.filter((vote) => vote.verdict !== null);
  if (good.length === 0) {
    return { criterion, votes, score: null, quality: null, pass: null, reason: '', error: votes[0]?.error ?? 'no verdict' };
  }
  const applied = good.filter((vote) => vote.verdict?.quality !== null);
  if (applied.length === 0) return { criterion, votes, score: null, quality: null, pass: null, reason: good[0]?.verdict?.reason ?? '', error: null };
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const passes = applied.filter((vote) => vote.verdict?.pass === true).length;
  return {
    criterion,
    votes,
    score: mean(applied.map((vote) => vote.verdict?.score as number)),
    quality: mean(applied.map((vote) => vote.verdict?.quality as number)),
    pass: passes * 2 > applied.length,
    reason: applied[0]?.verdict?.reason ?? '',
    error: null,
  };
}
