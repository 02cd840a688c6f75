import type { Drill } from './dashboard-api-schema.js';

/** A ledger filter as `frugal review` evidence and `frugal check` alarms write it (RowFilter names). */
export interface EvidenceFilter {
  since?: string;
  until?: string;
  sources?: string[];
  tasks?: string[];
  teams?: string[];
  modelIds?: string[];
  modes?: string[];
  callerArns?: string[];
}

const billing = new Set(['cur', 'focus']);
const modes = new Set(['on-demand', 'batch', 'provisioned', 'flex', 'priority']);

/** The dashboard drill-down for a finding's or an alarm's rows: the same filter under the URL's names. */
export function evidenceDrill(filter: EvidenceFilter, requestIds: readonly string[] = []): Drill {
  const drill: Drill = { basis: filter.sources !== undefined && filter.sources.length > 0 && filter.sources.every((source) => billing.has(source)) ? 'billing' : 'calls' };
  if (filter.since !== undefined) drill.since = filter.since;
  if (filter.until !== undefined) drill.until = filter.until;
  if (filter.tasks !== undefined) drill.task = filter.tasks;
  if (filter.teams !== undefined) drill.team = filter.teams;
  if (filter.modelIds !== undefined) drill.model = filter.modelIds;
  if (filter.modes !== undefined) drill.mode = filter.modes.filter((mode): mode is NonNullable<Drill['mode']>[number] => modes.has(mode));
  if (filter.callerArns !== undefined) drill.caller = filter.callerArns;
  if (requestIds.length > 0) drill.request = [...requestIds];
  return drill;
}
