import { InvalidArgumentError } from '../core/index.js';
import { buildRowFilter } from './build-row-filter.js';
import type { AggregateDimension, RowFilter } from './ledger.js';
import { aggregateDimensions } from './ledger.js';
import type { SqlDialect, SqlExecutor } from './sql-dialect.js';
import { dimensionColumns } from './dimension-columns.js';

/**
 * Per-row conditions a review needs counted per group, which `aggregate` has no measure for:
 * how requests were made (streamed, multi-turn, with cache points, without an output cap) and
 * how far their outputs run past the group's own quantile.
 */
export interface RequestProfileQuery {
  filter?: RowFilter;
  groupBy?: readonly AggregateDimension[];
  /** The group's quantile of output tokens that an output cap would sit at (default 0.95); null skips the tail (a quantile per group is the costly part). */
  capQuantile?: number | null;
  /** Lower-case substrings looked for in the request metadata JSON (`nightly`, `"job"`, ...). */
  metadataPatterns?: readonly string[];
}

export interface RequestProfileRow {
  group: Partial<Record<AggregateDimension, string | number | null>>;
  rows: number;
  cost: number;
  costOutput: number;
  outputTokens: number;
  /** ConverseStream / InvokeModelWithResponseStream: someone is reading the reply as it comes. */
  streamingRows: number;
  /** More than one message in the request: a conversation. */
  multiTurnRows: number;
  /** Rows with a logged request body (the only ones whose cap and cache points are known). */
  bodyRows: number;
  /** Logged body without maxTokens. */
  uncappedRows: number;
  /** Stopped by their cap (`max_tokens`, `length`). */
  capStopRows: number;
  /** Rows that set cache points, and of those the ones that read from / wrote to the cache. */
  cachePointRows: number;
  cachePointReadRows: number;
  cachePointWriteRows: number;
  cachePointReadTokens: number;
  cachePointWriteTokens: number;
  /** Rows whose metadata contains any of `metadataPatterns`. */
  metadataMatchRows: number;
  /** The group's `capQuantile` of output tokens. */
  outputCap: number | null;
  /** Uncapped rows whose output ran past `outputCap`, the tokens past it, and their output cost. */
  tailRows: number;
  tailTokens: number;
  tailCost: number;
}


const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * `requestProfile`: one pass over the matching rows per group in the database (with the group's
 * output quantile computed first and joined back), so a review of a million rows never brings
 * them into JavaScript.
 */
export function createRequestProfileQuery(db: SqlExecutor, dialect: SqlDialect) {
  return async function requestProfile(query: RequestProfileQuery): Promise<RequestProfileRow[]> {
    const groupBy = query.groupBy ?? [];
    for (const dimension of groupBy) {
      if (!(aggregateDimensions as readonly string[]).includes(dimension)) {
        throw new InvalidArgumentError('groupBy', `Cannot group by "${dimension}"; use one of ${aggregateDimensions.join(', ')}.`);
      }
    }
    const quantile = query.capQuantile === undefined ? 0.95 : query.capQuantile;
    if (quantile !== null && !(quantile > 0 && quantile <= 1)) throw new InvalidArgumentError('capQuantile', `capQuantile must be above 0 and at most 1, got ${quantile}.`);
    const where = buildRowFilter(query.filter ?? {}, dialect);
    const params = [...where.params];
    const patterns = (query.metadataPatterns ?? []).map((pattern) => {
      params.push(`%${pattern.toLowerCase().replace(/[%_\\]/g, (match) => `\\${match}`)}%`);
      return `LOWER(CAST(metadata AS TEXT)) LIKE $${params.length} ESCAPE '\\'`;
    });
    const keys = groupBy.map((dimension) => `g_${dimensionColumns[dimension]}`);
    const keySelect = groupBy.map((dimension) => `${dimensionColumns[dimension]} AS g_${dimensionColumns[dimension]}`);
    const metadataMatch = patterns.length === 0 ? 'FALSE' : `(${patterns.join(' OR ')})`;
    const base = [
      ...keySelect,
      'cost',
      'cost_output',
      'output_tokens',
      "operation IN ('ConverseStream', 'InvokeModelWithResponseStream') AS streaming",
      'COALESCE(message_count, 0) > 1 AS multi_turn',
      'prompt_chars IS NOT NULL AS has_body',
      'max_tokens IS NULL AND prompt_chars IS NOT NULL AS uncapped',
      "stop_reason IN ('max_tokens', 'length') AS cap_stop",
      'COALESCE(cache_points, 0) > 0 AS cache_point',
      'cache_read_tokens',
      'cache_write_5m_tokens + cache_write_1h_tokens AS cache_write_tokens',
      `${metadataMatch} AS metadata_match`,
    ];
    const join = keys.length === 0 ? 'ON TRUE' : `ON ${keys.map((key) => `b.${key} IS NOT DISTINCT FROM c.${key}`).join(' AND ')}`;
    const groupSql = keys.length === 0 ? '' : `GROUP BY ${keys.map((key) => `b.${key}`).join(', ')}`;
    const sum = (expression: string): string => `COALESCE(SUM(${expression}), 0)`;
    const tail = 'b.uncapped AND c.cap IS NOT NULL AND b.output_tokens > c.cap';
    const sql = `WITH base AS (SELECT ${base.join(', ')} FROM usage_rows ${where.sql}),
caps AS (SELECT ${[...keys, quantile === null ? 'CAST(NULL AS DOUBLE PRECISION) AS cap' : `(${dialect.quantiles(dialect.double('output_tokens'), [quantile])})[1] AS cap`].join(', ')} FROM base ${keys.length === 0 ? '' : `GROUP BY ${keys.join(', ')}`})
SELECT ${[
      ...keys.map((key) => `b.${key} AS ${key}`),
      'COUNT(*) AS row_count',
      `${sum('b.cost')} AS cost`,
      `${sum('b.cost_output')} AS cost_output`,
      `${sum('b.output_tokens')} AS output_tokens`,
      'COUNT(*) FILTER (WHERE b.streaming) AS streaming_rows',
      'COUNT(*) FILTER (WHERE b.multi_turn) AS multi_turn_rows',
      'COUNT(*) FILTER (WHERE b.has_body) AS body_rows',
      'COUNT(*) FILTER (WHERE b.uncapped) AS uncapped_rows',
      'COUNT(*) FILTER (WHERE b.cap_stop) AS cap_stop_rows',
      'COUNT(*) FILTER (WHERE b.cache_point) AS cache_point_rows',
      'COUNT(*) FILTER (WHERE b.cache_point AND b.cache_read_tokens > 0) AS cache_point_read_rows',
      'COUNT(*) FILTER (WHERE b.cache_point AND b.cache_write_tokens > 0) AS cache_point_write_rows',
      `${sum('CASE WHEN b.cache_point THEN b.cache_read_tokens ELSE 0 END')} AS cache_point_read_tokens`,
      `${sum('CASE WHEN b.cache_point THEN b.cache_write_tokens ELSE 0 END')} AS cache_point_write_tokens`,
      'COUNT(*) FILTER (WHERE b.metadata_match) AS metadata_match_rows',
      'MAX(c.cap) AS output_cap',
      `COUNT(*) FILTER (WHERE ${tail}) AS tail_rows`,
      `${sum(`CASE WHEN ${tail} THEN b.output_tokens - c.cap ELSE 0 END`)} AS tail_tokens`,
      // The output cost of the tokens past the cap: each row's output cost in proportion.
      `${sum(`CASE WHEN ${tail} AND b.cost_output IS NOT NULL THEN ${dialect.double('b.cost_output')} * (b.output_tokens - c.cap) / b.output_tokens ELSE 0 END`)} AS tail_cost`,
    ].join(',\n  ')}
FROM base AS b JOIN caps AS c ${join}
${groupSql}
ORDER BY cost DESC${keys.length === 0 ? '' : `, ${keys.map((key) => `b.${key}`).join(', ')}`}`;
    const records = await db.all(sql, params);
    return records.map((record) => ({
      group: Object.fromEntries(
        groupBy.map((dimension) => {
          const value = record[`g_${dimensionColumns[dimension]}`];
          return [dimension, value === null || value === undefined ? null : dimension === 'modelTier' ? Number(value) : String(value)];
        }),
      ),
      rows: toNumber(record.row_count),
      cost: toNumber(record.cost),
      costOutput: toNumber(record.cost_output),
      outputTokens: toNumber(record.output_tokens),
      streamingRows: toNumber(record.streaming_rows),
      multiTurnRows: toNumber(record.multi_turn_rows),
      bodyRows: toNumber(record.body_rows),
      uncappedRows: toNumber(record.uncapped_rows),
      capStopRows: toNumber(record.cap_stop_rows),
      cachePointRows: toNumber(record.cache_point_rows),
      cachePointReadRows: toNumber(record.cache_point_read_rows),
      cachePointWriteRows: toNumber(record.cache_point_write_rows),
      cachePointReadTokens: toNumber(record.cache_point_read_tokens),
      cachePointWriteTokens: toNumber(record.cache_point_write_tokens),
      metadataMatchRows: toNumber(record.metadata_match_rows),
      outputCap: record.output_cap === null || record.output_cap === undefined ? null : Number(record.output_cap),
      tailRows: toNumber(record.tail_rows),
      tailTokens: toNumber(record.tail_tokens),
      tailCost: toNumber(record.tail_cost),
    }));
  };
}
