/** What a scorer says about one output: a 0..1 value and pass/fail, or null when it cannot apply. */
export interface ScoreResult {
  value: number | null;
  pass: boolean | null;
  reason: string;
  /** Set when the scorer could not score (a judge error): the row has no quality, not a low one. */
  error?: string;
}

export const passed = (reason: string): ScoreResult => ({ value: 1, pass: true, reason });
export const failed = (reason: string, value = 0): ScoreResult => ({ value, pass: false, reason });

/** promptfoo's `not-`: the value flips to 1 - value and pass to its opposite; errors stay errors. */
export function negateScore(result: ScoreResult): ScoreResult {
  if (result.error !== undefined || result.value === null) return result;
  return { value: 1 - result.value, pass: result.pass === null ? null : !result.pass, reason: `not: ${result.reason}` };
}
