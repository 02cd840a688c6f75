import type { UsageRow } from '../core/index.js';
import type { ReviewConfig } from '../config/index.js';
import type { Ledger, RowFilter } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { LeverEffect } from './lever-effect.js';
import { type ReviewSlice, slicesFilter } from './load-review-slices.js';
import type { Evidence, Finding, LeverName } from './review-report-schema.js';

/** What every detector reads: the ledger, prices, the user's settings and the slices of the period. */
export interface ReviewContext {
  ledger: Ledger;
  catalog: PricingCatalog;
  config: ReviewConfig;
  /** The reviewed period and sources, as a ledger filter. */
  filter: RowFilter & { since: string; until: string };
  /** The ledger's first call (any time): hours before it are not known to be idle. */
  firstUsage: string | null;
  slices: readonly ReviewSlice[];
  /** How the user names the ledger in commands (`--ledger ...`), for the commands a finding suggests. */
  ledgerArgument: string;
  /** The 20 most expensive recent calls of some slices (one query per slice set, cached): evidence, prompts and metadata to look at. */
  examples(slices: readonly ReviewSlice[]): Promise<UsageRow[]>;
}

/** A finding before the plan prices it: the detector says what changes, the plan says what it saves. */
export interface FindingDraft extends Omit<Finding, 'saving' | 'plannedSaving' | 'affectedSpend'> {
  effect: LeverEffect;
  /** Slices whose ledger spend the finding touches (its affected spend); none for costs outside the ledger. */
  slices: readonly ReviewSlice[];
  /** Affected spend outside the ledger (provisioned units). */
  fixedSpend?: number;
}

export interface LeverDraft {
  lever: LeverName;
  /** False when the ledger has no traffic this lever could apply to. */
  applicable: boolean;
  findings: FindingDraft[];
  notes: string[];
  /** Why nothing was found, in a sentence (shown when there are no findings). */
  emptySummary: string;
}

/** Examples come from the period's last days first: the database skips older row groups by their time range, and recent calls are what a reader checks. */
const recentDays = 3;

export function createExampleReader(ledger: Ledger, period: RowFilter & { since: string; until: string }): ReviewContext['examples'] {
  const cache = new Map<string, Promise<UsageRow[]>>();
  const recent = new Date(Math.max(Date.parse(period.since), Date.parse(period.until) - recentDays * 86_400_000)).toISOString();
  return (slices) => {
    const filter = slicesFilter(slices, period);
    const key = JSON.stringify(filter);
    let rows = cache.get(key);
    if (rows === undefined) {
      rows = ledger.query.listRequests({ filter: { ...filter, since: recent }, limit: 20, orderBy: 'cost' }).then((found) => (found.length > 0 ? found : ledger.query.listRequests({ filter, limit: 20, orderBy: 'cost' })));
      cache.set(key, rows);
    }
    return rows;
  };
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Evidence for a finding: which tasks, models, callers and how many calls, with real request ids and the filter that finds them all. */
export async function buildEvidence(context: ReviewContext, slices: readonly ReviewSlice[], facts: Evidence['facts'], exampleIds?: readonly string[]): Promise<Evidence> {
  const ids = exampleIds ?? (await context.examples(slices)).map((row) => row.requestId);
  const filter = slicesFilter(slices, context.filter);
  return {
    tasks: unique(slices.map((slice) => slice.task)),
    models: unique(slices.map((slice) => slice.modelId)),
    callers: unique(slices.map((slice) => slice.role)),
    requests: slices.reduce((sum, slice) => sum + slice.requests, 0),
    exampleRequestIds: unique(ids).slice(0, 5),
    filter: {
      ...(filter.since !== undefined && { since: filter.since }),
      ...(filter.until !== undefined && { until: filter.until }),
      ...(filter.sources !== undefined && { sources: [...filter.sources] }),
      ...(filter.tasks !== undefined && { tasks: [...filter.tasks] }),
      ...(filter.modelIds !== undefined && { modelIds: [...filter.modelIds] }),
      ...(filter.modes !== undefined && { modes: [...filter.modes] }),
      ...(filter.callerArns !== undefined && { callerArns: [...filter.callerArns] }),
    },
    facts: [...facts],
  };
}

export const percent = (value: number, digits = 0): string => `${(value * 100).toFixed(digits)}%`;
export const count = (value: number): string => Math.round(value).toLocaleString('en-US');
/** `ticket-classification (support-triage)`. */
export const describeSlice = (slice: Pick<ReviewSlice, 'task' | 'role'>): string => (slice.role === slice.task ? slice.task : `${slice.task} (${slice.role})`);
/** A stable id fragment: lower case, letters, digits and dashes. */
export const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** Slices grouped by a key, in first-seen order. */
export function groupSlices(slices: readonly ReviewSlice[], keyOf: (slice: ReviewSlice) => string): ReviewSlice[][] {
  const groups = new Map<string, ReviewSlice[]>();
  for (const slice of slices) {
    const key = keyOf(slice);
    groups.set(key, [...(groups.get(key) ?? []), slice]);
  }
  return [...groups.values()];
}

/** A shell-safe argument for a suggested command. */
export function shellArgument(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** `--since` for a suggested command: the day of the slices' first call in the period (the period start when unknown). */
export function sinceArgument(context: Pick<ReviewContext, 'filter'>, slices: readonly ReviewSlice[]): string {
  const first = slices.map((slice) => slice.firstUsage).filter((time): time is string => time !== null).sort()[0];
  return (first ?? context.filter.since).slice(0, 10);
}
