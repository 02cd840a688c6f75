import type { JudgeCriterion } from './judge-criterion.js';
import { criterionHigherIsBetter } from './judge-criterion.js';

/** Emulator accuracy key for judge calls: declare `accuracy: { judge: 0.95 }` on the judge model. */
export const judgeAnswerKeyTask = 'judge';

/**
 * For `frugal emulator` only. A simulated judge cannot read, so the bench tells it what a perfect
 * judge would answer (`truth`, decided by the caller, e.g. "the reply matches the reference"), and
 * the emulator answers that verdict at the judge's declared accuracy or the opposite one. The
 * verdicts are compact JSON so the reply's first line parses like a real model's text reply.
 * Returns undefined when a value would break Bedrock's 256-character metadata limit.
 */
export function createVerdictAnswerKey(criterion: JudgeCriterion, truth: boolean): Record<string, string> | undefined {
  const higherIsBetter = criterionHigherIsBetter(criterion);
  const verdict = (pass: boolean): string =>
    JSON.stringify({ pass, score: pass === higherIsBetter ? 1 : 0, reason: pass ? 'meets the criterion (simulated)' : 'fails the criterion (simulated)' });
  const expected = verdict(truth);
  const other = verdict(!truth);
  if (expected.length > 256 || other.length > 256 || expected.includes('|') || other.includes('|')) return undefined;
  return { frugal_expected: expected, frugal_task: judgeAnswerKeyTask, frugal_choices: `${expected}|${other}` };
}
