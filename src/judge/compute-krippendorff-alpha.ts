/**
 * Krippendorff's alpha: agreement among any number of raters with missing ratings, 1 = perfect,
 * 0 = what chance gives, below 0 = systematic disagreement. We use it for judge repeats and judge
 * panels because, unlike Cohen's kappa, it takes more than two raters and, unlike Fleiss' kappa,
 * tolerates a rater missing a unit (a failed judge call). `nominal` for pass/fail, `interval` for
 * 0..1 scores.
 *
 * alpha = 1 - D_o / D_e, from the coincidence matrix of pairable values (units with at least two
 * ratings). Returns null when there is nothing to compare (fewer than two pairable values, or no
 * variation at all, where alpha is undefined).
 */
export function computeKrippendorffAlpha(units: readonly (readonly (number | null)[])[], metric: 'nominal' | 'interval'): number | null {
  const distance = metric === 'nominal' ? (a: number, b: number) => (a === b ? 0 : 1) : (a: number, b: number) => (a - b) ** 2;
  const pairable = units.map((unit) => unit.filter((value): value is number => value !== null)).filter((unit) => unit.length >= 2);
  const n = pairable.reduce((sum, unit) => sum + unit.length, 0);
  if (n < 2) return null;

  // Observed disagreement: within each unit, every ordered pair of ratings weighted by 1/(m-1).
  let observed = 0;
  for (const unit of pairable) {
    let sum = 0;
    for (let i = 0; i < unit.length; i += 1) {
      for (let j = 0; j < unit.length; j += 1) if (i !== j) sum += distance(unit[i] as number, unit[j] as number);
    }
    observed += sum / (unit.length - 1);
  }
  observed /= n;

  // Expected disagreement: every ordered pair of pairable values across all units.
  const values = pairable.flat();
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let expected = 0;
  const distinct = [...counts.entries()];
  for (const [a, countA] of distinct) {
    for (const [b, countB] of distinct) if (a !== b) expected += countA * countB * distance(a, b);
  }
  expected /= n * (n - 1);
  if (expected === 0) return null;
  return 1 - observed / expected;
}
