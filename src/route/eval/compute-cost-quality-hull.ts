/** A router configuration (or a single model) as mean cost per request and mean quality. */
export interface CostQualityPoint {
  cost: number;
  quality: number;
  label?: string;
}

/**
 * RouterBench's non-decreasing convex hull (NDCH): the upper convex hull of the points, cut where
 * quality stops rising, since a costlier point with lower quality is never worth choosing and
 * any point between two hull points is reachable by mixing them at random.
 */
export function computeCostQualityHull(points: readonly CostQualityPoint[]): CostQualityPoint[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const hull: CostQualityPoint[] = [];
  for (const point of sorted) {
    if (hull.length > 0 && (hull[hull.length - 1] as CostQualityPoint).cost === point.cost) continue; // same cost: the better one came first
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as CostQualityPoint;
      const b = hull[hull.length - 1] as CostQualityPoint;
      // Drop b when it lies on or below the segment a → point (not an upper-hull vertex).
      const cross = (b.cost - a.cost) * (point.quality - a.quality) - (b.quality - a.quality) * (point.cost - a.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(point);
  }
  const best = hull.reduce((top, point, index) => (point.quality > (hull[top] as CostQualityPoint).quality ? index : top), 0);
  return hull.slice(0, best + 1);
}

/**
 * RouterBench's AIQ: the area under the hull, extended flat to `maxCost` (the largest cost among
 * the routers compared), divided by `maxCost` — an average quality over the cost range.
 */
export function computeAiq(hull: readonly CostQualityPoint[], maxCost: number): number {
  if (hull.length === 0 || maxCost <= 0) return 0;
  const extended = [...hull];
  const last = hull[hull.length - 1] as CostQualityPoint;
  if (last.cost < maxCost) extended.push({ cost: maxCost, quality: last.quality });
  let area = 0;
  for (let index = 1; index < extended.length; index += 1) {
    const a = extended[index - 1] as CostQualityPoint;
    const b = extended[index] as CostQualityPoint;
    area += ((b.cost - a.cost) * (a.quality + b.quality)) / 2;
  }
  return area / maxCost;
}

/** Quality on the hull at a cost, by linear interpolation; null outside the hull's cost range below its first point. */
export function hullQualityAt(hull: readonly CostQualityPoint[], cost: number): number | null {
  const first = hull[0];
  if (first === undefined || cost < first.cost) return null;
  for (let index = 1; index < hull.length; index += 1) {
    const a = hull[index - 1] as CostQualityPoint;
    const b = hull[index] as CostQualityPoint;
    if (cost <= b.cost) return a.quality + ((cost - a.cost) / (b.cost - a.cost)) * (b.quality - a.quality);
  }
  return (hull[hull.length - 1] as CostQualityPoint).quality;
}

/** The least cost on the hull that reaches a quality; null when the hull never does. */
export function hullCostFor(hull: readonly CostQualityPoint[], quality: number): number | null {
  const first = hull[0];
  if (first === undefined) return null;
  if (first.quality >= quality) return first.cost;
  for (let index = 1; index < hull.length; index += 1) {
    const a = hull[index - 1] as CostQualityPoint;
    const b = hull[index] as CostQualityPoint;
    if (b.quality >= quality) return a.cost + ((quality - a.quality) / (b.quality - a.quality)) * (b.cost - a.cost);
  }
  return null;
}
