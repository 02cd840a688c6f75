import { InvalidArgumentError, normalizeModelId } from '../../core/index.js';
import { findJudgeCandidateOverlap } from '../../judge/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import { taskUsesJudge } from '../scorers/name-scorers.js';
import type { BenchSuite } from '../suite/load-suite.js';
import type { RunSettings } from './bench-row.js';

export interface RunChoices {
  /** Candidates to run instead of the suite's. */
  models?: string[];
  /** The current model; `none` for no baseline (and no verdicts). */
  baseline?: string;
  judges?: string[];
  judgeRepeats?: number;
  region?: string;
  endpoint?: string;
  concurrency: number;
  repeats: number;
  limit?: number;
  answerKeys: boolean;
  stream: boolean;
}

export const defaultRegion = 'us-east-1';

/**
 * Settings of a run from the suite and the command line: the current model always runs (verdicts
 * need it) unless the baseline is `none`; the judge comes from --judge or the suite and is
 * required when a task has judge scorers; a judge that is also a candidate gets a warning.
 */
export function resolveRunSettings(suite: BenchSuite, choices: RunChoices, pricing: PricingCatalog): { settings: RunSettings; warnings: string[] } {
  const warnings: string[] = [];
  const baseline = choices.baseline === 'none' ? null : (choices.baseline ?? suite.models.current);
  const candidates = choices.models ?? suite.models.candidates;
  const models = [...new Set([...(baseline === null ? [] : [baseline]), ...candidates])];
  if (models.length === 0) throw new InvalidArgumentError('--models', 'No model to run: list candidates in the suite or pass --models a,b,c.');
  const judges = [...new Set(choices.judges ?? suite.judge?.models ?? [])];
  const needsJudge = suite.tasks.some(taskUsesJudge);
  if (needsJudge && judges.length === 0) {
    throw new InvalidArgumentError('--judge', `Suite ${suite.name} has judge scorers but no judge model: add \`judge: <model id>\` to the suite or pass --judge <model id>.`);
  }
  if (!needsJudge && judges.length > 0 && choices.judges !== undefined) warnings.push('--judge is ignored: no task of this suite has a judge scorer.');
  const canonical = (id: string): string => {
    const resolved = normalizeModelId(id, pricing.registry);
    return resolved.ok ? resolved.model.id : id;
  };
  for (const model of [...models, ...(needsJudge ? judges : [])]) {
    if (!normalizeModelId(model, pricing.registry).ok) warnings.push(`${model} is not in the price catalog ${pricing.version}: its cost will be unknown (add it under models in frugal.yaml).`);
  }
  if (needsJudge) warnings.push(...findJudgeCandidateOverlap(judges, models, canonical));
  const limit = choices.limit ?? null;
  return {
    settings: {
      models,
      baseline,
      judges: needsJudge ? judges : [],
      judgeRepeats: choices.judgeRepeats ?? suite.judge?.repeats ?? 1,
      region: choices.region ?? suite.region ?? defaultRegion,
      endpoint: choices.endpoint ?? null,
      concurrency: choices.concurrency,
      repeats: choices.repeats,
      limit,
      answerKeys: choices.answerKeys,
      stream: choices.stream,
    },
    warnings,
  };
}
