import { InvalidArgumentError } from '../core/index.js';

/** Where a judge setting came from, for the error message ("suite", "results file", "Bedrock output"). */
export interface JudgeSource {
  source: string;
  judges: readonly string[];
}

const key = (judges: readonly string[]): string => [...new Set(judges)].sort().join(', ');

/**
 * One judge (or panel) for the whole comparison. Scores from different judges are not on the same
 * scale, so a comparison that mixes them would credit the judge's leniency to the candidate.
 */
export function assertOneJudge(sources: readonly JudgeSource[]): void {
  const found = sources.filter((source) => source.judges.length > 0);
  const first = found[0];
  if (first === undefined) return;
  const mismatch = found.find((source) => key(source.judges) !== key(first.judges));
  if (mismatch !== undefined) {
    throw new InvalidArgumentError(
      '--judge',
      `Refusing to mix judges in one comparison: ${first.source} uses ${key(first.judges)} but ${mismatch.source} uses ${key(mismatch.judges)}. ` +
        'Scores from different judges are not comparable; use one judge for every candidate (start a new --out directory to change judges).',
    );
  }
}

/** Warnings when a judge also competes: models tend to favour their own style (self-preference bias). */
export function findJudgeCandidateOverlap(judges: readonly string[], candidates: readonly string[], normalize: (id: string) => string = (id) => id): string[] {
  const judged = new Set(candidates.map(normalize));
  return judges
    .filter((judge) => judged.has(normalize(judge)))
    .map((judge) => `The judge ${judge} is also a candidate: it may favour its own answers. Prefer a judge that is not in the comparison.`);
}
