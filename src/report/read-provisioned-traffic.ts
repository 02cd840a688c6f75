import type { Ledger, RowFilter } from '../ledger/index.js';
import type { TrafficPoint } from '../pricing/index.js';

const hourMs = 3_600_000;

/**
 * A provisioned model's tokens hour by hour over a period, idle hours as zero: utilisation is
 * judged on sustained use, so the hours nobody called count as much as the busy ones. One grouped
 * query; the gaps are filled in JavaScript.
 */
export async function readProvisionedTraffic(ledger: Ledger, filter: RowFilter & { since: string; until: string }, modelId: string): Promise<TrafficPoint[]> {
  const rows = await ledger.query.aggregate({ filter: { ...filter, modes: ['provisioned'], modelIds: [modelId] }, grain: 'hour', orderBy: 'period' });
  const byHour = new Map(rows.map((row) => [Date.parse(row.period ?? ''), row]));
  const start = Math.floor(Date.parse(filter.since) / hourMs) * hourMs;
  const end = Date.parse(filter.until);
  const points: TrafficPoint[] = [];
  for (let hour = start; hour < end; hour += hourMs) {
    const row = byHour.get(hour);
    points.push({ start: hour, minutes: 60, inputTokens: row === undefined ? 0 : row.inputTokens + row.cacheReadTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens, outputTokens: row?.outputTokens ?? 0 });
  }
  return points;
}
