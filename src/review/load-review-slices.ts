import { type UsageMode, type UsageRow, type UsageSource, usageModes } from '../core/index.js';
import { readRoleName } from '../ingest/index.js';
import type { Ledger, RequestProfileRow, RowFilter } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { SliceState, TokenBuckets } from './lever-effect.js';

/** Rows that are model calls someone paid for: not billing lines (the same spend seen from the bill) nor bench runs. */
export const reviewSources: readonly UsageSource[] = ['invocation-log', 'gateway', 'otel', 'batch'];

/** How the requests of a slice were made, counted in SQL (`ledger.query.requestProfile`). */
export type SliceProfile = Pick<
  RequestProfileRow,
  | 'streamingRows'
  | 'multiTurnRows'
  | 'bodyRows'
  | 'uncappedRows'
  | 'capStopRows'
  | 'cachePointRows'
  | 'cachePointReadRows'
  | 'cachePointWriteRows'
  | 'cachePointReadTokens'
  | 'cachePointWriteTokens'
>;

/**
 * The unit every lever works on: one task's calls to one model, in one Region and pricing scope,
 * from one caller role, in one mode. Callers are grouped by IAM role (the session name changes
 * per process), so a nightly pipeline and a daytime portal of the same task stay apart.
 */
export interface ReviewSlice {
  key: string;
  task: string;
  modelId: string;
  modelName: string;
  tier: number | null;
  publisher: string | null;
  provider: string;
  scope: string | null;
  region: string;
  /** IAM role name, else the caller ARN, else `unknown caller`. */
  role: string;
  callerArns: string[];
  mode: UsageMode;
  rows: number;
  requests: number;
  /** USD as the ledger has it (catalog price or bill). */
  cost: number;
  unpricedRows: number;
  costInput: number;
  costCacheRead: number;
  costCacheWrite: number;
  costOutput: number;
  tokens: TokenBuckets;
  firstUsage: string | null;
  lastUsage: string | null;
  /** Calls per UTC hour of day, 0-23. */
  hourOfDay: number[];
  profile: SliceProfile;
}

export interface LoadedSlices {
  slices: ReviewSlice[];
  /** Spend the review cannot attribute to a model (unknown model ids). */
  unmodelled: { rows: number; cost: number };
}

const text = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));
const keyOf = (parts: readonly (string | null)[]): string => parts.map((part) => part ?? '∅').join('|');

/**
 * Reads the review's slices from the ledger in two grouped queries (measures by hour of day, and
 * the request profile), merging caller ARNs into roles in JavaScript: the database does the
 * scanning, JavaScript only sees one row per group. Request metadata is not scanned here (text
 * matching a million JSON objects is the slowest thing a review could do); the batch detector
 * reads it from a few calls of the slices that could be batch work.
 */
export async function loadReviewSlices(ledger: Ledger, filter: RowFilter, catalog: PricingCatalog): Promise<LoadedSlices> {
  const groupBy = ['task', 'modelId', 'inferenceScope', 'region', 'callerArn', 'mode'] as const;
  const [hourly, profiles] = await Promise.all([
    ledger.query.aggregate({ filter, groupBy, grain: 'hourOfDay' }),
    ledger.query.requestProfile({ filter, groupBy, capQuantile: null }),
  ]);
  const slices = new Map<string, ReviewSlice>();
  const unmodelled = { rows: 0, cost: 0 };
  const sliceFor = (group: Partial<Record<(typeof groupBy)[number], string | number | null>>): ReviewSlice | undefined => {
    const modelId = text(group.modelId);
    if (modelId === null) return undefined;
    const callerArn = text(group.callerArn);
    const role = readRoleName(callerArn) ?? callerArn ?? 'unknown caller';
    const task = text(group.task) ?? 'unattributed';
    const mode = (usageModes as readonly string[]).includes(String(group.mode)) ? (group.mode as UsageMode) : 'on-demand';
    const region = text(group.region) ?? catalog.catalog.defaultRegion;
    const scope = text(group.inferenceScope);
    const key = keyOf([task, modelId, scope, region, role, mode]);
    let slice = slices.get(key);
    if (slice === undefined) {
      const entry = catalog.model(modelId)?.entry;
      slice = {
        key,
        task,
        modelId,
        modelName: entry?.name ?? modelId,
        tier: entry?.tier ?? null,
        publisher: entry?.publisher ?? null,
        provider: entry?.provider ?? 'unknown',
        scope,
        region,
        role,
        callerArns: [],
        mode,
        rows: 0,
        requests: 0,
        cost: 0,
        unpricedRows: 0,
        costInput: 0,
        costCacheRead: 0,
        costCacheWrite: 0,
        costOutput: 0,
        tokens: { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 },
        firstUsage: null,
        lastUsage: null,
        hourOfDay: Array.from({ length: 24 }, () => 0),
        profile: { streamingRows: 0, multiTurnRows: 0, bodyRows: 0, uncappedRows: 0, capStopRows: 0, cachePointRows: 0, cachePointReadRows: 0, cachePointWriteRows: 0, cachePointReadTokens: 0, cachePointWriteTokens: 0 },
      };
      slices.set(key, slice);
    }
    if (callerArn !== null && !slice.callerArns.includes(callerArn)) slice.callerArns.push(callerArn);
    return slice;
  };

  for (const row of hourly) {
    const slice = sliceFor(row.group);
    if (slice === undefined) {
      unmodelled.rows += row.rows;
      unmodelled.cost += row.cost;
      continue;
    }
    slice.rows += row.rows;
    slice.requests += row.requests;
    slice.cost += row.cost;
    slice.unpricedRows += row.unpricedRows;
    slice.costInput += row.costInput;
    slice.costCacheRead += row.costCacheRead;
    slice.costCacheWrite += row.costCacheWrite;
    slice.costOutput += row.costOutput;
    slice.tokens.input += row.inputTokens;
    slice.tokens.cacheRead += row.cacheReadTokens;
    slice.tokens.cacheWrite5m += row.cacheWrite5mTokens;
    slice.tokens.cacheWrite1h += row.cacheWrite1hTokens;
    slice.tokens.output += row.outputTokens;
    if (row.firstUsage !== null && (slice.firstUsage === null || row.firstUsage < slice.firstUsage)) slice.firstUsage = row.firstUsage;
    if (row.lastUsage !== null && (slice.lastUsage === null || row.lastUsage > slice.lastUsage)) slice.lastUsage = row.lastUsage;
    const hour = Number(row.period);
    if (Number.isInteger(hour) && hour >= 0 && hour < 24) slice.hourOfDay[hour] = (slice.hourOfDay[hour] ?? 0) + row.rows;
  }
  for (const row of profiles) {
    const slice = sliceFor(row.group);
    if (slice === undefined) continue;
    const profile = slice.profile;
    for (const name of Object.keys(profile) as (keyof SliceProfile)[]) profile[name] += row[name];
  }
  const list = [...slices.values()].filter((slice) => slice.rows > 0).sort((left, right) => right.cost - left.cost || left.key.localeCompare(right.key));
  return { slices: list, unmodelled };
}

/** The key of the slice a ledger row belongs to (as `loadReviewSlices` builds it). */
export function sliceKeyOfRow(row: UsageRow, defaultRegion: string): string {
  return keyOf([row.task, row.modelId, row.inferenceScope, row.region ?? defaultRegion, readRoleName(row.callerArn) ?? row.callerArn ?? 'unknown caller', row.mode]);
}

/** The id the slice is priced as: the global profile's price for `global.` traffic, the Regional one otherwise. */
export function slicePriceId(slice: Pick<ReviewSlice, 'modelId' | 'scope'>): string {
  return slice.scope === 'global' ? `global.${slice.modelId}` : slice.modelId;
}

/** The slices as the plan's starting state: each slice's traffic as one part on its model and mode. */
export function createSliceState(slices: readonly ReviewSlice[]): SliceState {
  return new Map(slices.map((slice) => [slice.key, { region: slice.region, parts: [{ mode: slice.mode, model: slicePriceId(slice), requests: slice.requests, tokens: { ...slice.tokens } }] }]));
}

/** The ledger rows behind some slices, as a filter the dashboard and `listRequests` understand. */
export function slicesFilter(slices: readonly ReviewSlice[], period: RowFilter): RowFilter {
  const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
  const callers = unique(slices.flatMap((slice) => slice.callerArns));
  return {
    ...period,
    tasks: unique(slices.map((slice) => slice.task)),
    modelIds: unique(slices.map((slice) => slice.modelId)),
    modes: unique(slices.map((slice) => slice.mode)),
    ...(callers.length > 0 && callers.length <= 200 && slices.every((slice) => slice.callerArns.length > 0) && { callerArns: callers }),
  };
}
