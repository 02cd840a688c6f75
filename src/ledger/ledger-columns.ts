import type { UsageRow } from '../core/index.js';

export type ColumnKind = 'text' | 'int' | 'bigint' | 'money' | 'bool' | 'timestamp' | 'json';

export interface LedgerColumn {
  name: string;
  kind: ColumnKind;
  read(row: UsageRow): string | number | boolean | null;
  /**
   * Alike across the calls of a log file (its source, account, Region and model, how they were
   * priced): a bulk load writes these once per distinct set, not on every row (see `rowContext`).
   */
  shared: boolean;
}

const column = (name: string, kind: ColumnKind, read: LedgerColumn['read'], shared = false): LedgerColumn => ({ name, kind, read, shared });

/**
 * The `usage_rows` columns in table order, with how each is read from a `UsageRow`. Insert code
 * for both databases walks this list, so a new column is one line here plus a migration.
 */
export const ledgerColumns: readonly LedgerColumn[] = [
  column('source', 'text', (row) => row.source, true),
  column('request_id', 'text', (row) => row.requestId),
  column('source_file', 'text', (row) => row.sourceFile),
  column('source_line', 'int', (row) => row.sourceLine),
  column('provider', 'text', (row) => row.provider, true),
  column('service_name', 'text', (row) => row.serviceName, true),
  column('region', 'text', (row) => row.region, true),
  column('inference_region', 'text', (row) => row.inferenceRegion),
  column('account_id', 'text', (row) => row.accountId, true),
  column('caller_arn', 'text', (row) => row.callerArn),
  column('operation', 'text', (row) => row.operation),
  column('model_id', 'text', (row) => row.modelId, true),
  column('raw_model_id', 'text', (row) => row.rawModelId, true),
  column('model_family', 'text', (row) => row.modelFamily, true),
  column('model_tier', 'int', (row) => row.modelTier, true),
  column('inference_scope', 'text', (row) => row.inferenceScope, true),
  column('inference_profile', 'text', (row) => row.inferenceProfile, true),
  column('mode', 'text', (row) => row.mode, true),
  column('usage_type', 'text', (row) => row.usageType, true),
  column('request_count', 'int', (row) => row.requestCount, true),
  column('usage_start', 'timestamp', (row) => row.usageStart),
  column('usage_end', 'timestamp', (row) => row.usageEnd),
  column('input_tokens', 'bigint', (row) => row.inputTokens),
  column('cache_read_tokens', 'bigint', (row) => row.cacheReadTokens),
  column('cache_write_5m_tokens', 'bigint', (row) => row.cacheWrite5mTokens),
  column('cache_write_1h_tokens', 'bigint', (row) => row.cacheWrite1hTokens),
  column('output_tokens', 'bigint', (row) => row.outputTokens),
  column('cost', 'money', (row) => row.cost),
  column('cost_basis', 'text', (row) => row.costBasis, true),
  column('billed_cost', 'money', (row) => row.billedCost),
  column('catalog_cost', 'money', (row) => row.catalogCost),
  column('cost_input', 'money', (row) => row.costByBucket.input),
  column('cost_cache_read', 'money', (row) => row.costByBucket.cacheRead),
  column('cost_cache_write_5m', 'money', (row) => row.costByBucket.cacheWrite5m),
  column('cost_cache_write_1h', 'money', (row) => row.costByBucket.cacheWrite1h),
  column('cost_output', 'money', (row) => row.costByBucket.output),
  column('pricing_status', 'text', (row) => row.pricingStatus, true),
  column('price_version', 'text', (row) => row.priceVersion, true),
  column('pricing_note', 'text', (row) => row.pricingNote, true),
  column('task', 'text', (row) => row.task),
  column('task_source', 'text', (row) => row.taskSource),
  column('team', 'text', (row) => row.team),
  column('metadata', 'json', (row) => JSON.stringify(row.metadata)),
  column('route_decision', 'text', (row) => row.routeDecision),
  column('cache_hit', 'bool', (row) => row.cacheHit),
  column('latency_ms', 'int', (row) => row.latencyMs),
  column('ttft_ms', 'int', (row) => row.ttftMs),
  column('max_tokens', 'int', (row) => row.maxTokens),
  column('stop_reason', 'text', (row) => row.stopReason),
  column('system_prompt_hash', 'text', (row) => row.systemPromptHash),
  column('prompt_blocks', 'json', (row) => JSON.stringify(row.promptBlocks)),
  column('cache_points', 'int', (row) => row.cachePoints),
  column('message_count', 'int', (row) => row.messageCount),
  column('prompt_chars', 'int', (row) => row.promptChars),
  column('request_preview', 'text', (row) => row.requestPreview),
  column('response_preview', 'text', (row) => row.responsePreview),
  column('input_body_path', 'text', (row) => row.inputBodyPath),
  column('output_body_path', 'text', (row) => row.outputBodyPath),
];

/** A row's identity in the ledger, (source, requestId), as one string. */
export const rowKey = (row: Pick<UsageRow, 'source' | 'requestId'>): string => `${row.source}\u0000${row.requestId}`;

/** Keeps the first row per (source, requestId): a batch may repeat a request (a log file delivered twice). */
export function dedupeRows(rows: readonly UsageRow[]): UsageRow[] {
  const seen = new Set<string>();
  const unique: UsageRow[] = [];
  for (const row of rows) {
    const key = rowKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(row);
  }
  return unique;
}

/** Columns whose change means a billing line item was revised (the rest follow from them). */
export const revisionColumns = ['usage_end', 'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'cost', 'billed_cost', 'usage_type'] as const;
