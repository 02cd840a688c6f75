import { parseSince } from '../cache/index.js';
import type { UsageSource } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';

export interface LedgerPeriod {
  /** ISO times, [since, until). */
  since: string;
  until: string;
  days: number;
  /** First and last call in the ledger for these sources (all time). */
  firstUsage: string | null;
  lastUsage: string | null;
}

const dayMs = 86_400_000;

/** The UTC midnight after a time: a period that ends there covers the time's whole day. */
export function nextMidnight(iso: string): string {
  const time = Date.parse(iso);
  return new Date(Math.floor(time / dayMs) * dayMs + dayMs).toISOString();
}

/**
 * The period a review or report covers. Durations (`30d`, `2w`, `48h`) count back from the end
 * of the ledger's latest day, not from the wall clock, so an exported month (or the sample
 * month) reviews the same way whenever it is read; `--until` moves the end. ISO dates pass through.
 */
export async function resolveLedgerPeriod(ledger: Ledger, options: { since: string; until?: string; sources?: readonly UsageSource[]; now?: Date }): Promise<LedgerPeriod> {
  const [total] = await ledger.query.aggregate({ filter: options.sources === undefined ? {} : { sources: options.sources } });
  const firstUsage = total?.firstUsage ?? null;
  const lastUsage = total?.lastUsage ?? null;
  const now = options.now ?? new Date();
  const end = options.until !== undefined ? parseSince(options.until, now, '--until') : lastUsage !== null ? nextMidnight(lastUsage) : now.toISOString();
  const since = parseSince(options.since, new Date(end));
  return { since, until: end, days: Math.max(0, (Date.parse(end) - Date.parse(since)) / dayMs), firstUsage, lastUsage };
}
