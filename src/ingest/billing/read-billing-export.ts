import { DuckDBInstance } from '@duckdb/node-api';

export type BillingFormat = 'cur' | 'focus';

/** A Bedrock row of a billing export: the columns frugal reads, as text, keyed by snake_case name. */
export type BillingRecord = Record<string, string | null> & { row_index: string | null };

export interface BillingExport {
  format: BillingFormat;
  totalRows: number;
  bedrockRows: BillingRecord[];
  /** FOCUS "AI and Machine Learning" rows that are not Bedrock (Azure ML, SageMaker, ...). */
  otherAiRows: number;
  /** True when row_index is the CSV data row (so line = row_index + 1). */
  hasLines: boolean;
}

const curColumns = [
  'identity_line_item_id', 'identity_time_interval', 'line_item_line_item_type', 'line_item_usage_start_date', 'line_item_usage_end_date',
  'line_item_usage_account_id', 'line_item_product_code', 'line_item_usage_type', 'line_item_operation', 'line_item_resource_id',
  'line_item_usage_amount', 'line_item_unblended_cost', 'line_item_line_item_description', 'line_item_iam_principal', 'pricing_unit',
  'product_region_code', 'product_region', 'product_servicename', 'product_product_name', 'product', 'resource_tags',
];
const focusColumns = [
  'charge_period_start', 'charge_period_end', 'billed_cost', 'consumed_quantity', 'consumed_unit', 'pricing_quantity', 'pricing_unit',
  'charge_category', 'charge_class', 'charge_description', 'region_id', 'sub_account_id', 'resource_id', 'service_name', 'service_category',
  'provider_name', 'publisher_name', 'sku_id', 'sku_price_id', 'x_usage_type', 'x_operation', 'x_service_code', 'tags', 'pricing_category',
  'commitment_discount_id',
];

/** `lineItem/UsageType` (legacy CUR), `line_item_usage_type` (CUR 2.0), `BilledCost` (FOCUS) → snake_case. */
export function normalizeColumnName(name: string): string {
  return name
    .replace(/[/\s]+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function textExpression(column: string, type: string): string {
  const identifier = quoteIdentifier(column);
  if (type === 'VARCHAR') return identifier;
  // Maps (CUR 2.0 product, resource_tags) and structs come out as JSON, like the CSV export writes them.
  if (/^(?:MAP|STRUCT|JSON)|\[\]$/i.test(type)) return `CAST(to_json(${identifier}) AS VARCHAR)`;
  return `CAST(${identifier} AS VARCHAR)`;
}

const bedrockCondition: Record<BillingFormat, string> = {
  cur: `(line_item_product_code ILIKE 'AmazonBedrock%'
    OR concat_ws(' ', product_product_name, product_servicename, product, line_item_line_item_description) ILIKE '%(Amazon Bedrock Edition)%')`,
  focus: `(service_name ILIKE '%Bedrock%' OR x_service_code ILIKE 'AmazonBedrock%')`,
};

/**
 * Reads a CUR 2.0 (or legacy CUR) or FOCUS 1.x export — CSV, CSV.gz or Parquet — in place with
 * DuckDB, and returns only the Amazon Bedrock rows, with counts of the rest. Which format it is
 * comes from the columns: `line_item_usage_type` means CUR, `BilledCost` + `ChargePeriodStart`
 * means FOCUS.
 */
export async function readBillingExport(path: string): Promise<BillingExport> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const parquet = /\.parquet$/i.test(path);
    // All CSV columns as text: exports mix empty strings, the literal NULL and numbers in one column.
    const relation = parquet
      ? `read_parquet(${quoteString(path)})`
      : `read_csv(${quoteString(path)}, header = true, all_varchar = true, nullstr = ['NULL', ''], sample_size = -1)`;
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`)).getRowObjectsJson();
    const columns = new Map<string, { name: string; type: string }>();
    for (const record of described) {
      const name = String(record.column_name);
      const normalized = normalizeColumnName(name);
      if (!columns.has(normalized)) columns.set(normalized, { name, type: String(record.column_type) });
    }
    const format: BillingFormat | undefined = columns.has('line_item_usage_type')
      ? 'cur'
      : columns.has('billed_cost') && columns.has('charge_period_start')
        ? 'focus'
        : undefined;
    if (format === undefined) {
      throw new Error('not a CUR or FOCUS export: it has neither a line_item_usage_type column (CUR) nor BilledCost and ChargePeriodStart (FOCUS)');
    }
    const wanted = format === 'cur' ? curColumns : focusColumns;
    const select = wanted.map((column) => {
      const found = columns.get(column);
      return found === undefined ? `CAST(NULL AS VARCHAR) AS ${column}` : `${textExpression(found.name, found.type)} AS ${column}`;
    });
    const base = `WITH t AS (SELECT ${select.join(', ')}, CAST(row_number() OVER () AS VARCHAR) AS row_index FROM ${relation})`;
    const otherAi = format === 'focus' ? `count(*) FILTER (WHERE service_category = 'AI and Machine Learning' AND NOT coalesce(${bedrockCondition.focus}, false))` : '0';
    const [counts] = (await connection.runAndReadAll(`${base} SELECT count(*) AS total, ${otherAi} AS other_ai FROM t`)).getRowObjectsJson();
    const rows = (await connection.runAndReadAll(`${base} SELECT * FROM t WHERE ${bedrockCondition[format]} ORDER BY CAST(row_index AS BIGINT)`)).getRowObjectsJson();
    return {
      format,
      totalRows: Number(counts?.total ?? 0),
      otherAiRows: Number(counts?.other_ai ?? 0),
      bedrockRows: rows as BillingRecord[],
      hasLines: !parquet,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
