import { z } from 'zod';
import { ParseError, type UsageRow, usageRowSchema } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import { ledgerColumns } from './ledger-columns.js';
import type { SqlDialect } from './sql-dialect.js';

function columnExpression(name: string, kind: string, dialect: SqlDialect): string {
  switch (kind) {
    case 'timestamp':
      return dialect.isoTime(name);
    case 'money':
    case 'bigint':
      return dialect.double(name);
    case 'json':
      return dialect.name === 'duckdb' ? name : dialect.json(name);
    default:
      return name;
  }
}

/**
 * The select list that reads whole rows back for `readLedgerRecord`. DuckDB builds each row as
 * one JSON object in C++ (JSON.parse is several times faster than its driver's per-value
 * conversion of 60 columns); PostgreSQL's driver returns plain objects already.
 */
export function ledgerRowSelect(dialect: SqlDialect): string {
  if (dialect.name === 'duckdb') {
    return `CAST(json_object(${ledgerColumns.map(({ name, kind }) => `'${name}', ${columnExpression(name, kind, dialect)}`).join(', ')}) AS VARCHAR) AS row_json`;
  }
  return ledgerColumns.map(({ name, kind }) => `${columnExpression(name, kind, dialect)} AS ${name}`).join(', ');
}

/** A result row of `ledgerRowSelect` as a plain record keyed by column name. */
export function readLedgerRecord(record: Record<string, unknown>): UsageRow {
  if (typeof record.row_json !== 'string') return readLedgerRow(record);
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.row_json) as unknown;
  } catch (error) {
    throw new ParseError(`ledger row is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ParseError('ledger row is not a JSON object');
  return readLedgerRow(parsed as Record<string, unknown>);
}

const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const string = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function json(value: unknown, column: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new ParseError(`ledger column ${column} holds invalid JSON: ${(error as Error).message}`);
  }
}

const stringRecord = z.record(z.string(), z.string());

/** A database row (snake_case, driver types) back to a validated `UsageRow`. */
export function readLedgerRow(record: Record<string, unknown>): UsageRow {
  const row = {
    source: record.source,
    requestId: record.request_id,
    sourceFile: string(record.source_file),
    sourceLine: number(record.source_line),
    provider: record.provider,
    serviceName: record.service_name,
    region: string(record.region),
    inferenceRegion: string(record.inference_region),
    accountId: string(record.account_id),
    callerArn: string(record.caller_arn),
    operation: string(record.operation),
    modelId: string(record.model_id),
    rawModelId: record.raw_model_id,
    modelFamily: string(record.model_family),
    modelTier: number(record.model_tier),
    inferenceScope: string(record.inference_scope),
    inferenceProfile: string(record.inference_profile),
    mode: record.mode,
    usageType: string(record.usage_type),
    requestCount: number(record.request_count),
    usageStart: record.usage_start,
    usageEnd: record.usage_end,
    inputTokens: number(record.input_tokens),
    cacheReadTokens: number(record.cache_read_tokens),
    cacheWrite5mTokens: number(record.cache_write_5m_tokens),
    cacheWrite1hTokens: number(record.cache_write_1h_tokens),
    outputTokens: number(record.output_tokens),
    cost: number(record.cost),
    costBasis: record.cost_basis,
    billedCost: number(record.billed_cost),
    catalogCost: number(record.catalog_cost),
    costByBucket: {
      input: number(record.cost_input),
      cacheRead: number(record.cost_cache_read),
      cacheWrite5m: number(record.cost_cache_write_5m),
      cacheWrite1h: number(record.cost_cache_write_1h),
      output: number(record.cost_output),
    },
    pricingStatus: record.pricing_status,
    priceVersion: string(record.price_version),
    pricingNote: string(record.pricing_note),
    task: record.task,
    taskSource: record.task_source,
    team: string(record.team),
    metadata: stringRecord.parse(json(record.metadata, 'metadata')),
    routeDecision: string(record.route_decision),
    cacheHit: record.cache_hit === null || record.cache_hit === undefined ? null : Boolean(record.cache_hit),
    latencyMs: number(record.latency_ms),
    ttftMs: number(record.ttft_ms),
    maxTokens: number(record.max_tokens),
    stopReason: string(record.stop_reason),
    systemPromptHash: string(record.system_prompt_hash),
    promptBlocks: json(record.prompt_blocks, 'prompt_blocks'),
    cachePoints: number(record.cache_points),
    messageCount: number(record.message_count),
    promptChars: number(record.prompt_chars),
    requestPreview: string(record.request_preview),
    responsePreview: string(record.response_preview),
    inputBodyPath: string(record.input_body_path),
    outputBodyPath: string(record.output_body_path),
  };
  const parsed = usageRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new ParseError(`ledger row ${String(record.source)}/${String(record.request_id)} does not match the UsageRow schema: ${formatSchemaIssues(parsed.error).join('; ')}`);
  }
  return parsed.data;
}
