import type { CurvePoint } from './compute-pgr-curve.js';

/**
 * CPT(x): the strong-call share needed to recover the share x of the quality gap, by linear
 * interpolation along the curve in order of strong-call share (RouteLLM uses `np.interp`, which
 * is the same on a rising curve). On a curve that dips we take the first crossing, which is what
 * the metric means ("the share at which PGR first reaches x"); `np.interp` assumes a rising
 * curve and is undefined there. Null when the curve never reaches x (only possible for x > 1).
 */
export function computeCpt(points: readonly CurvePoint[], target: number): number | null {
  const sorted = [...points].sort((a, b) => a.strongShare - b.strongShare);
  const first = sorted[0];
  if (first === undefined) return null;
  if (first.pgr >= target) return first.strongShare;
  for (let index = 1; index < sorted.length; index += 1) {
    const left = sorted[index - 1] as CurvePoint;
    const right = sorted[index] as CurvePoint;
    if (left.pgr < target && right.pgr >= target) {
      return left.strongShare + ((target - left.pgr) / (right.pgr - left.pgr)) * (right.strongShare - left.strongShare);
    }
  }
  return null;
}
