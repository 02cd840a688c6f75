import type { TimeGrain } from './ledger.js';

export type SqlValue = string | number | boolean | null;

/** Runs SQL with `$1`-style parameters; both databases accept that placeholder syntax. */
export interface SqlExecutor {
  /** Rows as plain objects keyed by column name. */
  all(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** The few places where DuckDB and PostgreSQL SQL differ, so the queries are written once. */
export interface SqlDialect {
  readonly name: 'duckdb' | 'postgres';
  /** Text of the UTC time bucket of a timestamp column (see `TimeGrain`). */
  period(grain: TimeGrain, column: string): string;
  /** ISO-8601 UTC text (`2026-08-01T12:00:00.000Z`) of a timestamp expression. */
  isoTime(expression: string): string;
  /** Continuous quantiles of an expression, as an array value. */
  quantiles(expression: string, quantiles: readonly number[]): string;
  double(expression: string): string;
  timestampParam(placeholder: string): string;
  /** A JSON column as text (DuckDB) or as the value (PostgreSQL's driver parses JSONB). */
  json(column: string): string;
  /** A table source of the text columns `columns`, from a JSON array of objects passed as one parameter: many rows in one statement. */
  jsonRows(placeholder: string, columns: readonly string[]): string;
}
