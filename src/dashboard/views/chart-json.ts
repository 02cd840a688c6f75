import type { ChartSpec } from '../../charts/index.js';

/**
 * A shared chart spec as the JSON the page receives. Time axes are switched to UTC: the ledger
 * buckets by UTC day and hour, and a browser would otherwise draw them in its own zone.
 */
export function chartJson(spec: ChartSpec): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(spec)) as Record<string, unknown> & { encoding?: { x?: Record<string, unknown> } };
  const x = json.encoding?.x;
  if (x !== undefined && x.type === 'temporal') x.scale = { ...(x.scale as object | undefined), type: 'utc' };
  return json;
}

/**
 * The value axis of a stacked bar chart: zero to the largest stack. The shared bar builder's
 * default domain ends at the largest single bar, which would cut stacks off.
 */
export function stackDomain(bars: readonly { category: string; value: number }[]): [number, number] {
  const stacks = new Map<string, number>();
  for (const bar of bars) stacks.set(bar.category, (stacks.get(bar.category) ?? 0) + Math.max(0, bar.value));
  return [0, Math.max(0, ...stacks.values())];
}
