import { InvalidArgumentError } from '../../core/index.js';
import type { StopReason } from '../../providers/index.js';
import { type Validator, validateAnswer } from '../cascade/validator.js';
import { meanQuality, performanceGapRecovered } from './compute-pgr-curve.js';

export interface CascadeEvalRow {
  weak: number;
  strong: number;
  /** The weak model's recorded answer: the validators judge it as they would live. */
  weakResponse: string;
  weakStopReason?: StopReason;
  weakCost?: number;
  strongCost?: number;
}

export interface CascadeEvaluation {
  rows: number;
  /** Share of prompts escalated to the strong model. */
  escalationRate: number;
  /** Accepted although the weak answer was bad (score below `acceptAt`): P(accept | bad). */
  falseAcceptRate: number | null;
  /** Escalated although the weak answer was good: P(escalate | good). */
  falseRejectRate: number | null;
  counts: { acceptedGood: number; acceptedBad: number; rejectedGood: number; rejectedBad: number; refused: number };
  byFailure: Record<string, number>;
  quality: number;
  weakQuality: number;
  strongQuality: number;
  pgr: number;
  /** USD per request (the failed weak call included), or null without costs. */
  costPerRequest: number | null;
  alwaysStrongCostPerRequest: number | null;
  /** Calls per request: 1 + escalation rate (every prompt pays the weak call). */
  callsPerRequest: number;
  warnings: string[];
}

/** Escalating more than this, a cascade pays twice too often; route such traffic up front instead. */
export const escalationWarningRate = 0.25;

/**
 * Replays a two-tier cascade on labelled answers: the validators judge the weak model's recorded
 * answer, an escalation takes the strong model's outcome and pays both calls. The verifier's
 * false-accept and false-reject rates are measured here, on real answers, not assumed perfect.
 */
export function evaluateCascade(rows: readonly CascadeEvalRow[], validators: readonly Validator[], options: { acceptAt?: number; onRefusal?: 'return' | 'escalate' } = {}): CascadeEvaluation {
  if (rows.length === 0) throw new InvalidArgumentError('data', 'Cascade evaluation needs the weak model\'s answers (a `<model>_response` column or bench rows with output).');
  const acceptAt = options.acceptAt ?? 0.5;
  const counts = { acceptedGood: 0, acceptedBad: 0, rejectedGood: 0, rejectedBad: 0, refused: 0 };
  const byFailure: Record<string, number> = {};
  let quality = 0;
  let escalated = 0;
  let cost = 0;
  let alwaysStrong = 0;
  const priced = rows.every((row) => row.weakCost !== undefined && row.strongCost !== undefined);
  for (const row of rows) {
    const verdict = validateAnswer(validators, { text: row.weakResponse, stopReason: row.weakStopReason ?? 'end', toolInputs: [] });
    const good = row.weak >= acceptAt;
    const refusedHere = !verdict.ok && verdict.kind === 'refusal' && (options.onRefusal ?? 'return') === 'return';
    const accept = verdict.ok || refusedHere;
    if (!verdict.ok) byFailure[verdict.kind] = (byFailure[verdict.kind] ?? 0) + 1;
    if (refusedHere) counts.refused += 1;
    if (accept) {
      if (good) counts.acceptedGood += 1;
      else counts.acceptedBad += 1;
      quality += row.weak;
    } else {
      if (good) counts.rejectedGood += 1;
      else counts.rejectedBad += 1;
      quality += row.strong;
      escalated += 1;
    }
    if (priced) {
      cost += (row.weakCost as number) + (accept ? 0 : (row.strongCost as number));
      alwaysStrong += row.strongCost as number;
    }
  }
  const n = rows.length;
  const baseline = meanQuality(rows);
  const bad = counts.acceptedBad + counts.rejectedBad;
  const goodCount = counts.acceptedGood + counts.rejectedGood;
  const escalationRate = escalated / n;
  const warnings: string[] = [];
  if (escalationRate > escalationWarningRate) {
    warnings.push(`escalation rate ${(escalationRate * 100).toFixed(1)}% is above ${escalationWarningRate * 100}%: the cheap tier's failed calls are paid on too many requests; route this traffic to the stronger tier up front, or tighten the cheap tier's prompt.`);
  }
  return {
    rows: n,
    escalationRate,
    falseAcceptRate: bad === 0 ? null : counts.acceptedBad / bad,
    falseRejectRate: goodCount === 0 ? null : counts.rejectedGood / goodCount,
    counts,
    byFailure,
    quality: quality / n,
    weakQuality: baseline.weakQuality,
    strongQuality: baseline.strongQuality,
    pgr: performanceGapRecovered(quality / n, baseline),
    costPerRequest: priced ? cost / n : null,
    alwaysStrongCostPerRequest: priced ? alwaysStrong / n : null,
    callsPerRequest: 1 + escalationRate,
    warnings,
  };
}
