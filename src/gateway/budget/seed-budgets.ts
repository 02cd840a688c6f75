import type { LedgerQueries } from '../../ledger/index.js';
import type { BudgetTracker } from './create-budget-tracker.js';

const keyPrefix = 'gateway-key:';

/**
 * Loads this month's gateway spend per key and team from the ledger into the budget tracker, so a
 * restart (or a second instance sharing a PostgreSQL ledger) starts from what was spent, not from
 * zero. Rows are summed per UTC day; the tracker keeps today's and this month's. `until` (epoch
 * ms, exclusive) leaves out calls the tracker already counted: a gateway that could not read the
 * ledger at start-up seeds later with `until` = its start time.
 */
export async function seedBudgets(query: Pick<LedgerQueries, 'aggregate'>, budgets: BudgetTracker, now: number, until?: number): Promise<{ keys: number; teams: number }> {
  const monthStart = `${new Date(now).toISOString().slice(0, 7)}-01T00:00:00Z`;
  const filter = { since: monthStart, ...(until !== undefined && { until: new Date(until).toISOString() }), sources: ['gateway' as const] };
  const [byKey, byTeam] = await Promise.all([
    query.aggregate({ filter, groupBy: ['callerArn'], grain: 'day', limit: 100_000 }),
    query.aggregate({ filter, groupBy: ['team'], grain: 'day', limit: 100_000 }),
  ]);
  const keys = new Set<string>();
  const teams = new Set<string>();
  for (const row of byKey) {
    const caller = row.group.callerArn;
    if (typeof caller !== 'string' || !caller.startsWith(keyPrefix) || row.period === undefined) continue;
    const id = caller.slice(keyPrefix.length);
    budgets.record('key', id, row.cost, Date.parse(`${row.period}T12:00:00Z`));
    keys.add(id);
  }
  for (const row of byTeam) {
    const team = row.group.team;
    if (typeof team !== 'string' || row.period === undefined) continue;
    budgets.record('team', team, row.cost, Date.parse(`${row.period}T12:00:00Z`));
    teams.add(team);
  }
  return { keys: keys.size, teams: teams.size };
}
