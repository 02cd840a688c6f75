import type { CurvePoint } from './compute-pgr-curve.js';

/**
 * APGR as RouteLLM computes it: the trapezoid area under quality vs strong-call share, minus the
 * weak model's area, over the strong model's area minus the weak's. Over a curve from 0 to 1
 * that is the trapezoid area under the PGR curve (the average PGR). It can exceed 1: a router
 * that sends to the weak model the prompts only the weak model gets right beats the strong model.
 */
export function computeApgr(points: readonly CurvePoint[]): number {
  const sorted = [...points].sort((a, b) => a.strongShare - b.strongShare);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined || last.strongShare === first.strongShare) return 0;
  let area = 0;
  for (let index = 1; index < sorted.length; index += 1) {
    const left = sorted[index - 1] as CurvePoint;
    const right = sorted[index] as CurvePoint;
    area += ((right.strongShare - left.strongShare) * (left.pgr + right.pgr)) / 2;
  }
  return area / (last.strongShare - first.strongShare);
}
