export interface TradeoffPoint {
  model: string;
  /** USD per task (mean generation cost per call). */
  cost: number;
  /** Mean quality 0..1. */
  quality: number;
}

export interface ParetoFrontier {
  /** Non-dominated points, cheapest first. */
  frontier: TradeoffPoint[];
  /** Points some frontier point beats on both cost and quality, with the one that beats them. */
  dominated: { point: TradeoffPoint; by: string }[];
  /** Where extra spend stops buying much quality; null with fewer than three frontier points. */
  knee: TradeoffPoint | null;
}

/**
 * The cost-vs-quality frontier: a model is on it when no other model is at least as cheap and at
 * least as good (and strictly better on one). The knee is the frontier point farthest above the
 * straight line from the cheapest to the best frontier point, with cost on a log scale (model
 * prices span orders of magnitude) and both axes scaled to the frontier's range (the Kneedle
 * idea): past it, each doubling of cost buys less quality.
 */
export function findParetoFrontier(points: readonly TradeoffPoint[]): ParetoFrontier {
  const dominatedBy = (point: TradeoffPoint): TradeoffPoint | undefined =>
    points.find((other) => other !== point && other.cost <= point.cost && other.quality >= point.quality && (other.cost < point.cost || other.quality > point.quality));
  const frontier: TradeoffPoint[] = [];
  const dominated: ParetoFrontier['dominated'] = [];
  for (const point of points) {
    const by = dominatedBy(point);
    if (by === undefined) frontier.push(point);
    else dominated.push({ point, by: by.model });
  }
  // Identical points are both kept; order by cost, then best quality first.
  frontier.sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  return { frontier, dominated, knee: findKnee(frontier) };
}

function findKnee(frontier: readonly TradeoffPoint[]): TradeoffPoint | null {
  if (frontier.length < 3) return null;
  const first = frontier[0] as TradeoffPoint;
  const last = frontier[frontier.length - 1] as TradeoffPoint;
  const logCost = (point: TradeoffPoint): number => Math.log10(Math.max(point.cost, 1e-15));
  const spanX = logCost(last) - logCost(first);
  const spanY = last.quality - first.quality;
  if (spanX <= 0 || spanY <= 0) return null;
  let best: TradeoffPoint | null = null;
  let bestDistance = 0;
  for (const point of frontier.slice(1, -1)) {
    const x = (logCost(point) - logCost(first)) / spanX;
    const y = (point.quality - first.quality) / spanY;
    const distance = y - x;
    if (distance > bestDistance) {
      bestDistance = distance;
      best = point;
    }
  }
  return best;
}
