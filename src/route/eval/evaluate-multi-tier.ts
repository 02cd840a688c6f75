import { InvalidArgumentError } from '../../core/index.js';
import { computeAiq, computeCostQualityHull, type CostQualityPoint, hullCostFor, hullQualityAt } from './compute-cost-quality-hull.js';

/** One prompt: each model's quality and cost (USD), models in ladder order (cheapest first). */
export interface MultiTierRow {
  scores: readonly number[];
  costs: readonly number[];
}

/** A router's choice of model (ladder index) per prompt, at each of its operating points. */
export interface MultiTierRouter {
  name: string;
  choices: readonly (readonly number[])[];
}

export interface MultiTierRouterReport {
  name: string;
  points: CostQualityPoint[];
  /** Hull of the router's points and the single models: any of them can be mixed in at random. */
  hull: CostQualityPoint[];
  aiq: number;
  /** AIQ minus the zero router's: what routing adds over mixing single models at random (0 = nothing). */
  gapToZeroRouter: number;
  /** Quality on this hull at the best single model's cost, minus that model's quality. */
  qualityGainAtBestSingleCost: number | null;
  /** Cost on this hull to match the best single model's quality, over that model's cost. */
  costRatioAtBestSingleQuality: number | null;
}

export interface MultiTierEvaluation {
  models: { model: string; cost: number; quality: number }[];
  bestSingle: { model: string; cost: number; quality: number };
  zeroRouter: { hull: CostQualityPoint[]; aiq: number };
  oracle: CostQualityPoint;
  routers: MultiTierRouterReport[];
  /** The cost range every AIQ is normalised by. */
  maxCost: number;
}

function pointOf(rows: readonly MultiTierRow[], choice: readonly number[], label?: string): CostQualityPoint {
  let cost = 0;
  let quality = 0;
  rows.forEach((row, index) => {
    const model = choice[index] as number;
    cost += row.costs[model] as number;
    quality += row.scores[model] as number;
  });
  return { cost: cost / rows.length, quality: quality / rows.length, ...(label !== undefined && { label }) };
}

/**
 * The many-model view (RouterBench): every router configuration and every single model as a
 * (mean cost, mean quality) point; hulls, AIQ over a shared cost range, and the gaps to the best
 * single model and to the zero router (the hull of the single models, i.e. random mixing). A
 * router's hull includes the single models, so its gap to the zero router is what it adds.
 */
export function evaluateMultiTier(models: readonly string[], rows: readonly MultiTierRow[], routers: readonly MultiTierRouter[]): MultiTierEvaluation {
  if (rows.length === 0) throw new InvalidArgumentError('data', 'No rows to evaluate.');
  const singles = models.map((model, index) => ({ model, ...pointOf(rows, rows.map(() => index)) }));
  const bestSingle = singles.reduce((best, single) => (single.quality > best.quality || (single.quality === best.quality && single.cost < best.cost) ? single : best));
  // Oracle: the cheapest model with the best score on each prompt.
  const oracleChoice = rows.map((row) => {
    let pick = 0;
    row.scores.forEach((score, index) => {
      const current = row.scores[pick] as number;
      if (score > current || (score === current && (row.costs[index] as number) < (row.costs[pick] as number))) pick = index;
    });
    return pick;
  });
  const oracle = pointOf(rows, oracleChoice, 'oracle');
  const routerPoints = routers.map((router) => router.choices.map((choice) => pointOf(rows, choice, router.name)));
  const maxCost = Math.max(...singles.map((single) => single.cost), ...routerPoints.flat().map((point) => point.cost));
  const zeroHull = computeCostQualityHull(singles.map((single) => ({ cost: single.cost, quality: single.quality, label: single.model })));
  const zeroAiq = computeAiq(zeroHull, maxCost);
  const reports = routers.map((router, index) => {
    const points = routerPoints[index] as CostQualityPoint[];
    // A router with a single operating point (rules) would otherwise get no area below its cost,
    // while the zero router gets it all; mixing in single models is always possible, so its hull counts.
    const hull = computeCostQualityHull([...points, ...singles.map((single) => ({ cost: single.cost, quality: single.quality, label: single.model }))]);
    const aiq = computeAiq(hull, maxCost);
    const atCost = hullQualityAt(hull, bestSingle.cost);
    const costFor = hullCostFor(hull, bestSingle.quality);
    return {
      name: router.name,
      points,
      hull,
      aiq,
      gapToZeroRouter: aiq - zeroAiq,
      qualityGainAtBestSingleCost: atCost === null ? null : atCost - bestSingle.quality,
      costRatioAtBestSingleQuality: costFor === null || bestSingle.cost === 0 ? null : costFor / bestSingle.cost,
    };
  });
  return { models: singles, bestSingle, zeroRouter: { hull: zeroHull, aiq: zeroAiq }, oracle, routers: reports, maxCost };
}
