import { InvalidArgumentError, normalizeModelId, type UsageRow, type UsageSource } from '../core/index.js';
import type { Ledger, RowFilter } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';

/** Ledger rows that are single model calls (not billing lines, not batch records). */
export const callSources: readonly UsageSource[] = ['invocation-log', 'gateway', 'otel', 'bench'];

export interface LedgerSelection {
  task?: string;
  /** `7d`, `24h`, `90m`, `2w`, or an ISO date/time. */
  since?: string;
  until?: string;
  model?: string;
  /** Stop after this many rows (default 200,000), oldest first. */
  limit?: number;
}

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `--since 7d` → the ISO time 7 days before `now`; an ISO date or time passes through. */
export function parseSince(value: string, now: Date, flag = '--since'): string {
  const relative = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  if (relative !== null) return new Date(now.getTime() - Number(relative[1]) * (units[relative[2] ?? 'd'] ?? 0)).toISOString();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError(flag, `${flag} must be a duration such as 7d, 24h, 90m or 2w, or an ISO date, got "${value}".`);
  return new Date(time).toISOString();
}

/** The ledger's calls for a task, period and model, oldest first, read page by page. */
export async function readLedgerRequests(ledger: Ledger, selection: LedgerSelection, catalog: PricingCatalog, now: Date): Promise<UsageRow[]> {
  const filter: RowFilter = { sources: callSources };
  if (selection.task !== undefined) filter.tasks = [selection.task];
  if (selection.since !== undefined) filter.since = parseSince(selection.since, now);
  if (selection.until !== undefined) filter.until = parseSince(selection.until, now, '--until');
  if (selection.model !== undefined) {
    const resolved = normalizeModelId(selection.model, catalog.registry);
    if (!resolved.ok) throw resolved.error;
    filter.modelIds = [resolved.model.id];
  }
  const limit = selection.limit ?? 200_000;
  const pageSize = 10_000;
  const rows: UsageRow[] = [];
  for (let offset = 0; rows.length < limit; offset += pageSize) {
    const page = await ledger.query.listRequests({ filter, limit: Math.min(pageSize, limit - rows.length), offset, orderBy: 'time' });
    rows.push(...page);
    if (page.length < pageSize) break;
  }
  return rows;
}
