import type { Ledger } from '../../ledger/index.js';
import { type DashboardBasis, dashboardBases } from '../api/dashboard-filter-schema.js';
import type { DashboardMeta } from '../api/dashboard-api-schema.js';
import type { CachedQueries } from '../server/create-cached-queries.js';
import { basisSources } from '../server/to-row-filter.js';
import { stopwatch } from './view-context.js';

/**
 * What the page needs before it can ask anything: the ledger, whether it is sample data, the
 * time span of each basis (for the default range), and the values each filter can take. One
 * grouped query (by source, provider, family, task and team) gives all of it.
 */
export async function buildMetaView(ledger: Ledger, queries: CachedQueries): Promise<DashboardMeta> {
  const elapsed = stopwatch();
  const [combos, sample] = await Promise.all([queries.aggregate({ groupBy: ['source', 'provider', 'modelFamily', 'task', 'team'], orderBy: 'rows', limit: 100_000 }), ledger.getMeta('sample')]);
  const bases = dashboardBases.map((basis: DashboardBasis) => {
    const rows = combos.filter((row) => (basisSources[basis] as readonly string[]).includes(String(row.group.source)));
    const times = (pick: (row: (typeof rows)[number]) => string | null): string[] => rows.map(pick).filter((value): value is string => value !== null).sort();
    return { basis, rows: rows.reduce((sum, row) => sum + row.rows, 0), firstUsage: times((row) => row.firstUsage)[0] ?? null, lastUsage: times((row) => row.lastUsage).at(-1) ?? null };
  });
  // Filter values of the traffic the page can show (calls and billing, not bench runs).
  const shown = combos.filter((row) => dashboardBases.some((basis) => (basisSources[basis] as readonly string[]).includes(String(row.group.source))));
  const distinct = (key: 'provider' | 'modelFamily' | 'task' | 'team'): string[] =>
    [...new Set(shown.map((row) => row.group[key]).filter((value): value is string => typeof value === 'string'))].sort((a, b) => a.localeCompare(b));
  return {
    ledger: { kind: ledger.kind, location: ledger.location },
    sample: sample ?? null,
    currency: 'USD',
    bases,
    options: { provider: distinct('provider'), family: distinct('modelFamily'), task: distinct('task'), team: distinct('team') },
    queryMs: elapsed(),
  };
}
