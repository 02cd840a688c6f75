import type { PromptBlockKind, PromptChunk, PromptTextBlock, UsageMode, UsageRow, UsageSource } from '../core/index.js';
import type { RequestProfileQuery, RequestProfileRow } from './create-request-profile-query.js';
import type { RowContext } from './ledger-row-json.js';

/**
 * Which rows a query covers. Every field narrows; arrays mean "any of". Times are ISO-8601 and
 * compare against `usageStart` (`since` inclusive, `until` exclusive).
 *
 * Invocation-log rows and billing rows (CUR / FOCUS) describe the same spend from two sides;
 * pass `sources` (or group by `source`) so a report does not add them together.
 */
export interface RowFilter {
  since?: string;
  until?: string;
  sources?: readonly UsageSource[];
  providers?: readonly string[];
  modelIds?: readonly string[];
  modelFamilies?: readonly string[];
  tasks?: readonly string[];
  teams?: readonly string[];
  accountIds?: readonly string[];
  regions?: readonly string[];
  modes?: readonly UsageMode[];
  operations?: readonly string[];
  callerArns?: readonly string[];
  requestIds?: readonly string[];
}

/** Columns an aggregate can group by. */
export const aggregateDimensions = [
  'source',
  'provider',
  'serviceName',
  'region',
  'accountId',
  'callerArn',
  'operation',
  'modelId',
  'modelFamily',
  'modelTier',
  'inferenceScope',
  'mode',
  'usageType',
  'task',
  'taskSource',
  'team',
  'costBasis',
  'stopReason',
  'systemPromptHash',
] as const;
export type AggregateDimension = (typeof aggregateDimensions)[number];

/**
 * Time buckets, in UTC: `hour` → `2026-08-01T13:00:00Z`, `day` → `2026-08-01`, `week` → the
 * Monday `2026-07-27`, `month` → `2026-08`; `hourOfDay` (0-23) and `dayOfWeek` (0 Sunday - 6)
 * are for arrival patterns.
 */
export const timeGrains = ['hour', 'day', 'week', 'month', 'hourOfDay', 'dayOfWeek'] as const;
export type TimeGrain = (typeof timeGrains)[number];

/** Sums over a group. `cost` adds the rows whose cost is known; `unpricedRows` counts the others. */
export interface AggregateMeasures {
  rows: number;
  /** Sum of `requestCount`; billing line items (null) count 0 here. */
  requests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  /** USD of the rows with a known cost; see `unpricedRows`. */
  cost: number;
  /** Rows whose cost is unknown (null): the true total is at least `cost`. */
  unpricedRows: number;
  /** Sum of what billing exports say was billed; null when no row of the group comes from a bill. */
  billedCost: number | null;
  /** Sum of the catalog's prices; null when no row of the group has one. */
  catalogCost: number | null;
  costInput: number;
  costCacheRead: number;
  costCacheWrite: number;
  costOutput: number;
  /** Rows that read from the cache / rows that could tell (cacheHit not null). */
  cacheHitRows: number;
  cacheKnownRows: number;
  /** Rows whose logged request set no output cap (maxTokens null with a known body, promptChars not null). */
  uncappedRows: number;
  firstUsage: string | null;
  lastUsage: string | null;
}

export interface AggregateQuery {
  filter?: RowFilter;
  groupBy?: readonly AggregateDimension[];
  grain?: TimeGrain;
  /** Largest cost first by default; `period` sorts by the time bucket, then cost. */
  orderBy?: 'cost' | 'period' | 'rows';
  limit?: number;
}

export interface AggregateRow extends AggregateMeasures {
  /** The time bucket (see `TimeGrain`), when a grain was asked for. */
  period?: string;
  /** Group values by dimension name (null where the column is null). */
  group: Partial<Record<AggregateDimension, string | number | null>>;
}

/** Numeric columns whose distribution a detector may need (p95 output for caps, say). */
export const distributionMeasures = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'latencyMs', 'ttftMs', 'promptChars', 'cost'] as const;
export type DistributionMeasure = (typeof distributionMeasures)[number];

export interface DistributionQuery {
  measure: DistributionMeasure;
  filter?: RowFilter;
  groupBy?: readonly AggregateDimension[];
  /** Between 0 and 1; default [0.5, 0.9, 0.95, 0.99]. */
  quantiles?: readonly number[];
}

export interface DistributionRow {
  group: Partial<Record<AggregateDimension, string | number | null>>;
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Continuous quantiles in the order asked. */
  quantiles: number[];
}

export interface ListRequestsQuery {
  filter?: RowFilter;
  /** Default 100, at most 10,000. */
  limit?: number;
  offset?: number;
  /** `time` ascending by default; `cost` is largest first. */
  orderBy?: 'time' | 'cost' | 'outputTokens' | 'inputTokens';
}

export interface MonthlySpend {
  month: string;
  provider: string;
  cost: number;
  unpricedRows: number;
  rows: number;
}
export interface DailyFamilyCost {
  day: string;
  modelFamily: string | null;
  cost: number;
  unpricedRows: number;
  rows: number;
}
export interface ModelTokens {
  modelId: string | null;
  modelFamily: string | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  cost: number;
  rows: number;
}
export interface HourlyTokens {
  hour: string;
  provider: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  rows: number;
}
export interface TaskCost {
  period: string;
  task: string;
  cost: number;
  unpricedRows: number;
  requests: number;
  rows: number;
  inputTokens: number;
  outputTokens: number;
}

/** A tools or system block's text, rebuilt from its stored chunks. */
export interface StoredPromptText {
  hash: string;
  kind: PromptBlockKind;
  chars: number;
  text: string;
  chunks: PromptChunk[];
}

export interface LedgerSummary extends AggregateMeasures {
  sources: { source: UsageSource; rows: number; cost: number; unpricedRows: number; firstUsage: string | null; lastUsage: string | null }[];
}

/** Aggregates computed in the database; JavaScript only formats the result. */
export interface LedgerQueries {
  /** The general form every helper below is built on. */
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
  /** Quantiles of one measure per group (output caps at p95, latency outliers). */
  distribution(query: DistributionQuery): Promise<DistributionRow[]>;
  /** How requests were made per group (streamed, multi-turn, cache points, uncapped) and the output past the group's quantile (review detectors). */
  requestProfile(query: RequestProfileQuery): Promise<RequestProfileRow[]>;
  /** Spend by provider per month. */
  spendByProviderMonth(filter?: RowFilter): Promise<MonthlySpend[]>;
  /** Cost by model family per day. */
  costByModelFamilyDay(filter?: RowFilter): Promise<DailyFamilyCost[]>;
  /** Tokens by model and bucket (cached vs uncached). */
  tokensByModel(filter?: RowFilter): Promise<ModelTokens[]>;
  /** Tokens by provider per hour. */
  hourlyTokensByProvider(filter?: RowFilter): Promise<HourlyTokens[]>;
  /** Cost per task per period (`all` = one row per task). */
  costByTask(filter?: RowFilter, grain?: 'day' | 'week' | 'month' | 'all'): Promise<TaskCost[]>;
  /** Whole rows for drill-down and evidence (a page; see `scanRequests` for all of them). */
  listRequests(query?: ListRequestsQuery): Promise<UsageRow[]>;
  /**
   * Every matching row in time order, a page at a time (default 10,000), for detectors that walk
   * the traffic. Pages by key rather than OFFSET, so the millionth row costs what the first did.
   */
  scanRequests(filter?: RowFilter, options?: { pageSize?: number }): AsyncIterable<UsageRow[]>;
  /** Totals, and per source, for a filter. */
  summary(filter?: RowFilter): Promise<LedgerSummary>;
  /** Stored text of tools and system blocks by block hash (`PromptBlock.hash`); unknown hashes are left out. */
  promptTexts(blockHashes: readonly string[]): Promise<StoredPromptText[]>;
}

export interface MigrationResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

export interface InsertOptions {
  /**
   * `ignore` (default): a (source, requestId) already in the ledger stays as it is.
   * `replace`: it is replaced when its amounts or token counts differ; for billing exports,
   * which AWS rewrites as the month's bill settles.
   */
  onConflict?: 'ignore' | 'replace';
}

export interface InsertResult {
  /** Rows new to the ledger. */
  inserted: number;
  /** Rows the ledger already had unchanged (or repeated within the batch): nothing written. */
  ignored: number;
  /** Rows that replaced a changed earlier version (`onConflict: 'replace'` only). */
  replaced: number;
}

/**
 * Rows as `ledgerRowJson` lines in UTF-8, each ending in a line feed, with each line's `rowKey` in
 * order and the contexts the lines name that their writer had not handed over before (see
 * `createRowJsonWriter`).
 */
export interface RowJsonLines {
  text: Uint8Array;
  keys: readonly string[];
  contexts: readonly RowContext[];
}

export interface BulkInsertOptions {
  /**
   * Threads the database may use for the load, when the caller keeps other cores busy (ingest
   * workers): DuckDB's own threads beside them only contend. Until `finish`; PostgreSQL ignores it.
   */
  threads?: number;
}

/**
 * A long load (an ingest of millions of rows): rows are queued and committed in large
 * transactions, which DuckDB writes straight to the file instead of through its WAL. Conflicts
 * are ignored, as with `insertRows`. Rows are visible to queries once committed; call `finish`.
 */
export interface BulkInsert {
  /** Queues rows and the prompt text they reference; commits when enough are queued. */
  add(rows: readonly UsageRow[], text?: { blocks: readonly PromptTextBlock[]; chunks: readonly PromptChunk[] }): Promise<void>;
  /**
   * `add` for rows already written as `ledgerRowJson` lines (by worker threads, off the thread
   * that writes). Only ledgers that stage rows this way (DuckDB) have it. Once it resolves, the
   * lines' bytes are no longer read: their buffers may be reused.
   */
  addRowJson?(lines: readonly RowJsonLines[], text?: { blocks: readonly PromptTextBlock[]; chunks: readonly PromptChunk[] }): Promise<void>;
  /**
   * About how many more rows the load will bring (an estimate, updated as it goes): near the end a
   * ledger may insert what comes in parts as it arrives, so that less is left once nothing else runs.
   */
  expectRemaining?(rows: number): void;
  /** Commits what is queued; the totals of the whole session. */
  finish(): Promise<InsertResult>;
}

/** A source file `frugal ingest` read whole: where it is, and which version of it (size and modification time, or ETag). */
export interface IngestedFile {
  file: string;
  version: string;
}

export interface Ledger {
  readonly kind: 'duckdb' | 'postgres';
  /** File path, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Brings the schema up to date; safe to call on every open. */
  migrate(): Promise<MigrationResult>;
  /** Adds rows, ignoring any (source, requestId) already present: ingesting twice changes nothing. */
  insertRows(rows: readonly UsageRow[], options?: InsertOptions): Promise<InsertResult>;
  /** Starts a bulk load; one at a time per ledger. */
  bulkInsert(options?: BulkInsertOptions): BulkInsert;
  /**
   * Stores the text of tools and system blocks (block → chunk hashes, and each chunk once);
   * anything already stored is left alone. Returns how many chunks were new.
   */
  insertPromptText(blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<number>;
  readonly query: LedgerQueries;
  /** The source files ingested before (a path or an `s3://` URL), with the version each had then. */
  ingestedFiles(): Promise<Map<string, string>>;
  /** Records files as ingested at these versions, replacing what was recorded for them before. */
  recordIngestedFiles(files: readonly IngestedFile[]): Promise<void>;
  /** Free-form ledger facts (e.g. `sample: true` for generated data). */
  setMeta(key: string, value: string): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}
