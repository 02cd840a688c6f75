import type { UsageRow } from '../core/index.js';
import type { Ledger, RowFilter } from '../ledger/index.js';

export interface CacheTrafficSample {
  rows: UsageRow[];
  /** Time windows read, [since, until). */
  windows: { since: string; until: string }[];
  /** Rows matching the filter, of which `rows` were read. */
  totalRows: number;
  sampled: boolean;
}

const hourMs = 3_600_000;

/**
 * The traffic the cache simulation replays. Up to `budget` rows it is all of it; above, windows
 * of whole hours (as many as the budget allows at the model's average rate, at least `windows`
 * hours long together), one placed per stratum of equal length across the period at an offset
 * that varies per stratum, so the sample is not always the same hour of the day. Within a window
 * arrivals keep their real spacing, which is what a TTL simulation needs; each window starts with
 * a cold cache, so a sampled estimate errs on the low side. No per-hour counts are queried: the
 * row count and period are known, and a window's time range is all the ledger needs to skip the
 * rest of the table.
 */
export async function sampleCacheTraffic(ledger: Ledger, filter: RowFilter & { since: string; until: string }, totalRows: number, budget: number, windows = 6): Promise<CacheTrafficSample> {
  const read = async (picked: { since: string; until: string }[]): Promise<UsageRow[]> => {
    const rows: UsageRow[] = [];
    for (const window of picked) {
      for await (const page of ledger.query.scanRequests({ ...filter, since: window.since, until: window.until })) rows.push(...page);
    }
    return rows;
  };
  if (totalRows <= budget) {
    const whole = [{ since: filter.since, until: filter.until }];
    return { rows: await read(whole), windows: whole, totalRows, sampled: false };
  }
  const start = Math.floor(Date.parse(filter.since) / hourMs) * hourMs;
  const hours = Math.max(1, Math.ceil((Date.parse(filter.until) - start) / hourMs));
  const perHour = totalRows / hours;
  // Window length: about budget / windows rows each, whole days at most, an hour at least.
  const windowHours = Math.min(24, Math.max(1, Math.round(budget / windows / perHour)));
  const count = Math.max(1, Math.min(Math.floor(hours / windowHours), Math.round(budget / (perHour * windowHours))));
  const stratum = Math.floor(hours / count);
  const picked: { since: string; until: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    // A fixed pseudo-random offset per stratum (Knuth's multiplicative hash): deterministic, not periodic.
    const room = Math.max(1, stratum - windowHours + 1);
    const offset = (((index + 1) * 2654435761) >>> 0) % room;
    const since = start + (index * stratum + offset) * hourMs;
    picked.push({ since: new Date(Math.max(since, Date.parse(filter.since))).toISOString(), until: new Date(Math.min(since + windowHours * hourMs, Date.parse(filter.until))).toISOString() });
  }
  return { rows: await read(picked), windows: picked, totalRows, sampled: true };
}
