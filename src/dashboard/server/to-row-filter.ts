import type { UsageSource } from '../../core/index.js';
import type { RowFilter } from '../../ledger/index.js';
import type { DashboardBasis, DashboardFilter } from '../api/dashboard-filter-schema.js';

/** Which ledger sources each basis reads; bench rows are test calls, not spend, so neither includes them. */
export const basisSources: Record<DashboardBasis, readonly UsageSource[]> = {
  calls: ['invocation-log', 'gateway', 'otel', 'batch'],
  billing: ['cur', 'focus'],
};

/** A dashboard filter as the ledger's RowFilter (names differ: the URL keeps them short). */
export function toRowFilter(filter: DashboardFilter): RowFilter {
  return {
    sources: basisSources[filter.basis],
    ...(filter.since !== undefined && { since: filter.since }),
    ...(filter.until !== undefined && { until: filter.until }),
    ...(filter.provider !== undefined && { providers: filter.provider }),
    ...(filter.family !== undefined && { modelFamilies: filter.family }),
    ...(filter.task !== undefined && { tasks: filter.task }),
    ...(filter.team !== undefined && { teams: filter.team }),
    ...(filter.model !== undefined && { modelIds: filter.model }),
    ...(filter.mode !== undefined && { modes: filter.mode }),
    ...(filter.caller !== undefined && { callerArns: filter.caller }),
    ...(filter.request !== undefined && { requestIds: filter.request }),
  };
}
