/**
 * Versioned schema changes, one entry per version, never edited once released: a later change is
 * a new version. Each dialect gets its own statements because DuckDB and PostgreSQL differ in
 * types (JSON vs JSONB) and in what an index costs (DuckDB scans with zone maps; PostgreSQL
 * needs B-trees for time-range queries).
 */
export interface Migration {
  version: number;
  name: string;
  duckdb: readonly string[];
  postgres: readonly string[];
}

type Dialect = 'duckdb' | 'postgres';

function usageRowsTable(dialect: Dialect): string {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const json = dialect === 'duckdb' ? 'JSON' : 'JSONB';
  const money = dialect === 'duckdb' ? 'DECIMAL(38,12)' : 'NUMERIC(38,12)';
  return `CREATE TABLE usage_rows (
  source ${text} NOT NULL,
  request_id ${text} NOT NULL,
  source_file ${text},
  source_line INTEGER,
  provider ${text} NOT NULL,
  service_name ${text} NOT NULL,
  region ${text},
  inference_region ${text},
  account_id ${text},
  caller_arn ${text},
  operation ${text},
  model_id ${text},
  raw_model_id ${text} NOT NULL,
  model_family ${text},
  model_tier SMALLINT,
  inference_scope ${text},
  inference_profile ${text},
  mode ${text} NOT NULL,
  usage_type ${text},
  request_count INTEGER,
  usage_start TIMESTAMPTZ NOT NULL,
  usage_end TIMESTAMPTZ NOT NULL,
  input_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_5m_tokens BIGINT NOT NULL,
  cache_write_1h_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cost ${money},
  cost_basis ${text} NOT NULL,
  billed_cost ${money},
  catalog_cost ${money},
  cost_input ${money},
  cost_cache_read ${money},
  cost_cache_write_5m ${money},
  cost_cache_write_1h ${money},
  cost_output ${money},
  pricing_status ${text} NOT NULL,
  price_version ${text},
  pricing_note ${text},
  task ${text} NOT NULL,
  task_source ${text} NOT NULL,
  team ${text},
  metadata ${json} NOT NULL,
  route_decision ${text},
  cache_hit BOOLEAN,
  latency_ms INTEGER,
  ttft_ms INTEGER,
  max_tokens INTEGER,
  stop_reason ${text},
  system_prompt_hash ${text},
  prompt_blocks ${json} NOT NULL,
  cache_points INTEGER,
  message_count INTEGER,
  prompt_chars INTEGER,
  request_preview ${text},
  response_preview ${text},
  input_body_path ${text},
  output_body_path ${text},
  ingested_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (source, request_id)
)`;
}

/** Each source file read whole by `frugal ingest`, with the version it had (size and modification, or ETag), so an unchanged file is skipped next time. */
function ingestedFilesTable(dialect: Dialect): string {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  return `CREATE TABLE ingested_files (file ${text} PRIMARY KEY, version ${text} NOT NULL, ingested_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)`;
}

function supportTables(dialect: Dialect): string[] {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  return [
    `CREATE TABLE prompt_blocks (hash ${text} PRIMARY KEY, kind ${text} NOT NULL, chars INTEGER NOT NULL, chunks ${dialect === 'duckdb' ? 'JSON' : 'JSONB'} NOT NULL)`,
    `CREATE TABLE prompt_chunks (hash ${text} PRIMARY KEY, chars INTEGER NOT NULL, text ${text} NOT NULL)`,
    `CREATE TABLE ledger_meta (key ${text} PRIMARY KEY, value ${text} NOT NULL)`,
  ];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'usage rows, prompt text, ledger meta',
    duckdb: [usageRowsTable('duckdb'), ...supportTables('duckdb')],
    postgres: [
      usageRowsTable('postgres'),
      ...supportTables('postgres'),
      'CREATE INDEX usage_rows_usage_start ON usage_rows (usage_start)',
      'CREATE INDEX usage_rows_task ON usage_rows (task, usage_start)',
      'CREATE INDEX usage_rows_model ON usage_rows (model_id, usage_start)',
    ],
  },
  {
    version: 2,
    name: 'ingested files',
    duckdb: [ingestedFilesTable('duckdb')],
    postgres: [ingestedFilesTable('postgres')],
  },
];

export const latestSchemaVersion = Math.max(...migrations.map((migration) => migration.version));
