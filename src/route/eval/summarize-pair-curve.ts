import { computeApgr } from './compute-apgr.js';
import { computeCpt } from './compute-cpt.js';
import type { CurvePoint } from './compute-pgr-curve.js';

/** One router's two-tier figures, as RouteLLM reports them. */
export interface PairRouterSummary {
  name: string;
  points: CurvePoint[];
  apgr: number;
  /** Strong-call share needed to recover 20%, 50% and 80% of the gap (null when never reached). */
  cpt20: number | null;
  cpt50: number | null;
  cpt80: number | null;
  note?: string;
}

export function summarizePairCurve(name: string, points: readonly CurvePoint[], note?: string): PairRouterSummary {
  return {
    name,
    points: [...points],
    apgr: computeApgr(points),
    cpt20: computeCpt(points, 0.2),
    cpt50: computeCpt(points, 0.5),
    cpt80: computeCpt(points, 0.8),
    ...(note !== undefined && { note }),
  };
}
