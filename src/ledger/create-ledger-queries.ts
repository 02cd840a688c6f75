import { InvalidArgumentError, ParseError, type PromptChunk, type UsageRow, type UsageSource, promptChunkSchema, promptTextBlockSchema } from '../core/index.js';
import { buildRowFilter } from './build-row-filter.js';
import type {
  AggregateDimension,
  AggregateMeasures,
  AggregateQuery,
  AggregateRow,
  DistributionMeasure,
  DistributionQuery,
  DistributionRow,
  LedgerQueries,
  LedgerSummary,
  RowFilter,
  StoredPromptText,
} from './ledger.js';
import { aggregateDimensions, distributionMeasures, timeGrains } from './ledger.js';
import { createRequestProfileQuery } from './create-request-profile-query.js';
import { dimensionColumns } from './dimension-columns.js';
import { ledgerRowSelect, readLedgerRecord } from './read-ledger-row.js';
import type { SqlDialect, SqlExecutor, SqlValue } from './sql-dialect.js';


const measureColumns: Record<DistributionMeasure, string> = {
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  latencyMs: 'latency_ms',
  ttftMs: 'ttft_ms',
  promptChars: 'prompt_chars',
  cost: 'cost',
};

function measuresSql(dialect: SqlDialect): string {
  const sum = (expression: string): string => `COALESCE(SUM(${expression}), 0)`;
  return [
    'COUNT(*) AS row_count',
    `${sum('request_count')} AS requests`,
    `${sum('input_tokens')} AS input_tokens`,
    `${sum('cache_read_tokens')} AS cache_read_tokens`,
    `${sum('cache_write_5m_tokens')} AS cache_write_5m_tokens`,
    `${sum('cache_write_1h_tokens')} AS cache_write_1h_tokens`,
    `${sum('output_tokens')} AS output_tokens`,
    `${sum('cost')} AS cost`,
    'COUNT(*) FILTER (WHERE cost IS NULL) AS unpriced_rows',
    // No COALESCE: a group with no billed (or catalog) cost says so with NULL rather than 0.
    'SUM(billed_cost) AS billed_cost',
    'SUM(catalog_cost) AS catalog_cost',
    `${sum('cost_input')} AS cost_input`,
    `${sum('cost_cache_read')} AS cost_cache_read`,
    `${sum('COALESCE(cost_cache_write_5m, 0) + COALESCE(cost_cache_write_1h, 0)')} AS cost_cache_write`,
    `${sum('cost_output')} AS cost_output`,
    'COUNT(*) FILTER (WHERE cache_hit) AS cache_hit_rows',
    'COUNT(cache_hit) AS cache_known_rows',
    'COUNT(*) FILTER (WHERE max_tokens IS NULL AND prompt_chars IS NOT NULL) AS uncapped_rows',
    `${dialect.isoTime('MIN(usage_start)')} AS first_usage`,
    `${dialect.isoTime('MAX(usage_start)')} AS last_usage`,
  ].join(',\n  ');
}

const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const toText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function readMeasures(record: Record<string, unknown>): AggregateMeasures {
  return {
    rows: toNumber(record.row_count),
    requests: toNumber(record.requests),
    inputTokens: toNumber(record.input_tokens),
    cacheReadTokens: toNumber(record.cache_read_tokens),
    cacheWrite5mTokens: toNumber(record.cache_write_5m_tokens),
    cacheWrite1hTokens: toNumber(record.cache_write_1h_tokens),
    outputTokens: toNumber(record.output_tokens),
    cost: toNumber(record.cost),
    unpricedRows: toNumber(record.unpriced_rows),
    billedCost: toNullableNumber(record.billed_cost),
    catalogCost: toNullableNumber(record.catalog_cost),
    costInput: toNumber(record.cost_input),
    costCacheRead: toNumber(record.cost_cache_read),
    costCacheWrite: toNumber(record.cost_cache_write),
    costOutput: toNumber(record.cost_output),
    cacheHitRows: toNumber(record.cache_hit_rows),
    cacheKnownRows: toNumber(record.cache_known_rows),
    uncappedRows: toNumber(record.uncapped_rows),
    firstUsage: toText(record.first_usage),
    lastUsage: toText(record.last_usage),
  };
}

function checkDimensions(groupBy: readonly string[]): readonly AggregateDimension[] {
  for (const dimension of groupBy) {
    if (!(aggregateDimensions as readonly string[]).includes(dimension)) {
      throw new InvalidArgumentError('groupBy', `Cannot group by "${dimension}"; use one of ${aggregateDimensions.join(', ')}.`);
    }
  }
  return groupBy as readonly AggregateDimension[];
}

function checkLimit(name: string, value: number | undefined, fallback: number, max: number): number {
  const limit = value ?? fallback;
  if (!Number.isInteger(limit) || limit < 0 || limit > max) throw new InvalidArgumentError(name, `${name} must be a whole number from 0 to ${max}, got ${limit}.`);
  return limit;
}

function readGroup(record: Record<string, unknown>, groupBy: readonly AggregateDimension[]): AggregateRow['group'] {
  const group: AggregateRow['group'] = {};
  for (const dimension of groupBy) {
    const value = record[`g_${dimensionColumns[dimension]}`];
    group[dimension] = dimension === 'modelTier' ? toNullableNumber(value) : toText(value);
  }
  return group;
}

const placeholders = (count: number): string => Array.from({ length: count }, (_, index) => `$${index + 1}`).join(', ');

/** Bounded IN lists: a prompt has a few dozen chunks, a detector may ask for thousands. */
function batches<T>(items: readonly T[], size = 500): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ParseError(`ledger prompt_blocks.chunks holds invalid JSON: ${(error as Error).message}`);
  }
}

/** The ledger's read side, written once for both databases. */
export function createLedgerQueries(db: SqlExecutor, dialect: SqlDialect): LedgerQueries {
  /**
   * Reads a page of whole rows without sorting wide rows (sorting a million of them to keep ten
   * thousand would read every column of every row): the page's keys first, then the rows. DuckDB
   * picks the page by row id; PostgreSQL by (source, request_id), after reading the page's time
   * range so the second query can use the usage_start index.
   */
  const readPage = async (where: string, params: readonly SqlValue[], order: string, limit: string): Promise<UsageRow[]> => {
    if (dialect.name === 'duckdb') {
      // DuckDB: the page's row ids, then those rows, in one statement (one snapshot, so the row
      // ids hold). Sorted by cost the page spans the whole range, where the time-range join
      // below read every column of every row: 450 ms of CPU on a million rows, against 110.
      const records = await db.all(
        `WITH page AS (SELECT rowid AS page_rowid FROM usage_rows ${where} ORDER BY ${order} ${limit})
SELECT ${ledgerRowSelect(dialect)} FROM usage_rows WHERE rowid IN (SELECT page_rowid FROM page) ORDER BY ${order}`,
        params,
      );
      return records.map(readLedgerRecord);
    }
    const page = `WITH page AS (SELECT source AS page_source, request_id AS page_request_id, usage_start AS page_start FROM usage_rows ${where} ORDER BY ${order} ${limit})`;
    const [range] = await db.all(`${page} SELECT ${dialect.isoTime('MIN(page_start)')} AS first, ${dialect.isoTime('MAX(page_start)')} AS last FROM page`, params);
    if (range === undefined || range.first === null || range.first === undefined) return [];
    const from = dialect.timestampParam(`$${params.length + 1}`);
    const to = dialect.timestampParam(`$${params.length + 2}`);
    const records = await db.all(
      `${page}
SELECT ${ledgerRowSelect(dialect)}
FROM (SELECT u.* FROM usage_rows AS u JOIN page ON u.source = page.page_source AND u.request_id = page.page_request_id
      WHERE u.usage_start BETWEEN ${from} AND ${to}) AS usage_rows
ORDER BY ${order}`,
      [...params, String(range.first), String(range.last)],
    );
    return records.map(readLedgerRecord);
  };

  async function aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const groupBy = checkDimensions(query.groupBy ?? []);
    if (query.grain !== undefined && !(timeGrains as readonly string[]).includes(query.grain)) {
      throw new InvalidArgumentError('grain', `grain must be one of ${timeGrains.join(', ')}, got "${query.grain}".`);
    }
    const where = buildRowFilter(query.filter ?? {}, dialect);
    const keys = [
      ...(query.grain === undefined ? [] : [`${dialect.period(query.grain, 'usage_start')} AS period`]),
      ...groupBy.map((dimension) => `${dimensionColumns[dimension]} AS g_${dimensionColumns[dimension]}`),
    ];
    const groupSql = keys.length === 0 ? '' : `GROUP BY ${keys.map((_, index) => index + 1).join(', ')}`;
    const order =
      query.orderBy === 'period' && query.grain !== undefined
        ? 'ORDER BY period, cost DESC'
        : query.orderBy === 'rows'
          ? 'ORDER BY row_count DESC'
          : 'ORDER BY cost DESC, row_count DESC';
    const limit = query.limit === undefined ? '' : `LIMIT ${checkLimit('limit', query.limit, 0, 1_000_000)}`;
    const sql = `SELECT ${[...keys, measuresSql(dialect)].join(',\n  ')}\nFROM usage_rows ${where.sql}\n${groupSql}\n${order}${keys.length > 0 ? `, ${keys.map((_, index) => index + 1).join(', ')}` : ''}\n${limit}`;
    const records = await db.all(sql, where.params);
    return records.map((record) => ({
      ...(query.grain === undefined ? {} : { period: String(record.period) }),
      group: readGroup(record, groupBy),
      ...readMeasures(record),
    }));
  }

  async function distribution(query: DistributionQuery): Promise<DistributionRow[]> {
    if (!(distributionMeasures as readonly string[]).includes(query.measure)) {
      throw new InvalidArgumentError('measure', `measure must be one of ${distributionMeasures.join(', ')}, got "${query.measure}".`);
    }
    const quantiles = query.quantiles ?? [0.5, 0.9, 0.95, 0.99];
    for (const quantile of quantiles) {
      if (!(typeof quantile === 'number' && quantile >= 0 && quantile <= 1)) throw new InvalidArgumentError('quantiles', `quantiles must be between 0 and 1, got ${quantile}.`);
    }
    const groupBy = checkDimensions(query.groupBy ?? []);
    const column = measureColumns[query.measure];
    const where = buildRowFilter(query.filter ?? {}, dialect);
    const notNull = `${column} IS NOT NULL`;
    const whereSql = where.sql === '' ? `WHERE ${notNull}` : `${where.sql} AND ${notNull}`;
    const keys = groupBy.map((dimension) => `${dimensionColumns[dimension]} AS g_${dimensionColumns[dimension]}`);
    const value = dialect.double(column);
    const select = [
      ...keys,
      'COUNT(*) AS n',
      `MIN(${value}) AS min_value`,
      `MAX(${value}) AS max_value`,
      `AVG(${value}) AS mean_value`,
      ...(quantiles.length > 0 ? [`${dialect.quantiles(value, quantiles)} AS quantile_values`] : []),
    ];
    const groupSql = keys.length === 0 ? '' : `GROUP BY ${keys.map((_, index) => index + 1).join(', ')} ORDER BY ${keys.map((_, index) => index + 1).join(', ')}`;
    const records = await db.all(`SELECT ${select.join(', ')} FROM usage_rows ${whereSql} ${groupSql}`, where.params);
    return records
      .filter((record) => toNumber(record.n) > 0)
      .map((record) => ({
        group: readGroup(record, groupBy),
        count: toNumber(record.n),
        min: toNullableNumber(record.min_value),
        max: toNullableNumber(record.max_value),
        mean: toNullableNumber(record.mean_value),
        quantiles: Array.isArray(record.quantile_values) ? record.quantile_values.map((item) => Number(item)) : [],
      }));
  }

  return {
    aggregate,
    distribution,
    requestProfile: createRequestProfileQuery(db, dialect),

    async spendByProviderMonth(filter = {}) {
      const rows = await aggregate({ filter, grain: 'month', groupBy: ['provider'], orderBy: 'period' });
      return rows.map((row) => ({ month: row.period ?? '', provider: String(row.group.provider), cost: row.cost, unpricedRows: row.unpricedRows, rows: row.rows }));
    },

    async costByModelFamilyDay(filter = {}) {
      const rows = await aggregate({ filter, grain: 'day', groupBy: ['modelFamily'], orderBy: 'period' });
      return rows.map((row) => ({ day: row.period ?? '', modelFamily: (row.group.modelFamily ?? null) as string | null, cost: row.cost, unpricedRows: row.unpricedRows, rows: row.rows }));
    },

    async tokensByModel(filter = {}) {
      const rows = await aggregate({ filter, groupBy: ['modelId', 'modelFamily'] });
      return rows.map((row) => ({
        modelId: (row.group.modelId ?? null) as string | null,
        modelFamily: (row.group.modelFamily ?? null) as string | null,
        inputTokens: row.inputTokens,
        cacheReadTokens: row.cacheReadTokens,
        cacheWrite5mTokens: row.cacheWrite5mTokens,
        cacheWrite1hTokens: row.cacheWrite1hTokens,
        outputTokens: row.outputTokens,
        cost: row.cost,
        rows: row.rows,
      }));
    },

    async hourlyTokensByProvider(filter = {}) {
      const rows = await aggregate({ filter, grain: 'hour', groupBy: ['provider'], orderBy: 'period' });
      return rows.map((row) => ({
        hour: row.period ?? '',
        provider: String(row.group.provider),
        inputTokens: row.inputTokens,
        cacheReadTokens: row.cacheReadTokens,
        cacheWriteTokens: row.cacheWrite5mTokens + row.cacheWrite1hTokens,
        outputTokens: row.outputTokens,
        rows: row.rows,
      }));
    },

    async costByTask(filter = {}, grain = 'all') {
      const rows = await aggregate({ filter, groupBy: ['task'], ...(grain === 'all' ? {} : { grain, orderBy: 'period' as const }) });
      return rows.map((row) => ({
        period: row.period ?? 'all',
        task: String(row.group.task),
        cost: row.cost,
        unpricedRows: row.unpricedRows,
        requests: row.requests,
        rows: row.rows,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
      }));
    },

    async listRequests(query = {}) {
      const where = buildRowFilter(query.filter ?? {}, dialect);
      const limit = checkLimit('limit', query.limit, 100, 10_000);
      const offset = checkLimit('offset', query.offset, 0, Number.MAX_SAFE_INTEGER);
      const order = {
        time: 'usage_start, source, request_id',
        cost: 'cost DESC NULLS LAST, usage_start, source, request_id',
        outputTokens: 'output_tokens DESC, usage_start, source, request_id',
        inputTokens: 'input_tokens DESC, usage_start, source, request_id',
      }[query.orderBy ?? 'time'];
      return readPage(where.sql, where.params, order, `LIMIT ${limit} OFFSET ${offset}`);
    },

    async *scanRequests(filter = {}, options = {}) {
      const pageSize = checkLimit('pageSize', options.pageSize, 10_000, 100_000);
      const order = 'usage_start, source, request_id';
      let after: { time: string; source: string; requestId: string } | undefined;
      for (;;) {
        const where = buildRowFilter(filter, dialect);
        let sql = where.sql;
        const params = [...where.params];
        if (after !== undefined) {
          const next = params.length + 1;
          const time = dialect.timestampParam(`$${next}`);
          params.push(after.time, after.source, after.requestId);
          const keyset = `(usage_start > ${time} OR (usage_start = ${time} AND (source > $${next + 1} OR (source = $${next + 1} AND request_id > $${next + 2}))))`;
          sql = sql === '' ? `WHERE ${keyset}` : `${sql} AND ${keyset}`;
        }
        const rows = await readPage(sql, params, order, `LIMIT ${pageSize}`);
        if (rows.length > 0) yield rows;
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1] as UsageRow;
        after = { time: last.usageStart, source: last.source, requestId: last.requestId };
      }
    },

    async summary(filter: RowFilter = {}): Promise<LedgerSummary> {
      const [total] = await aggregate({ filter });
      const bySource = await aggregate({ filter, groupBy: ['source'] });
      return {
        ...(total ?? readMeasures({})),
        sources: bySource.map((row) => ({
          source: row.group.source as UsageSource,
          rows: row.rows,
          cost: row.cost,
          unpricedRows: row.unpricedRows,
          firstUsage: row.firstUsage,
          lastUsage: row.lastUsage,
        })),
      };
    },

    async promptTexts(blockHashes): Promise<StoredPromptText[]> {
      const blocks = [];
      for (const batch of batches([...new Set(blockHashes)])) {
        const records = await db.all(`SELECT hash, kind, chars, ${dialect.json('chunks')} AS chunks FROM prompt_blocks WHERE hash IN (${placeholders(batch.length)})`, batch);
        for (const record of records) {
          const chunks = typeof record.chunks === 'string' ? parseJson(record.chunks) : record.chunks;
          blocks.push(promptTextBlockSchema.parse({ hash: record.hash, kind: record.kind, chars: Number(record.chars), chunks }));
        }
      }
      const chunkText = new Map<string, PromptChunk>();
      for (const batch of batches([...new Set(blocks.flatMap((block) => block.chunks))])) {
        const records = await db.all(`SELECT hash, chars, text FROM prompt_chunks WHERE hash IN (${placeholders(batch.length)})`, batch);
        for (const record of records) chunkText.set(String(record.hash), promptChunkSchema.parse({ hash: record.hash, chars: Number(record.chars), text: record.text }));
      }
      return blocks.map((block) => {
        const chunks = block.chunks.map((hash) => chunkText.get(hash) ?? { hash, chars: 0, text: '' });
        return { hash: block.hash, kind: block.kind, chars: block.chars, text: chunks.map((chunk) => chunk.text).join(''), chunks };
      });
    },
  };
}
