import { resolve } from 'node:path';
import type { Ledger } from './ledger.js';

/** The embedded ledger's file when no `--ledger` is given, relative to the working directory. */
export const defaultLedgerPath = 'frugal.duckdb';

export interface OpenLedgerOptions {
  /** Resolves relative file paths; the process's working directory by default. */
  cwd?: string;
  /** Apply pending schema migrations on open (default true). */
  migrate?: boolean;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * Opens the ledger at `location`: a `postgres://` / `postgresql://` URL, `:memory:` for a
 * throw-away DuckDB, or a DuckDB file path (default `./frugal.duckdb`, created on first use).
 * The schema is brought up to date unless `migrate: false`.
 */
export async function openLedger(location: string = defaultLedgerPath, options: OpenLedgerOptions = {}): Promise<Ledger> {
  // Each backend is loaded when a ledger of its kind is opened: a command that reads logs, or
  // one ledger kind, does not pay for loading both database drivers.
  const ledger = isPostgresUrl(location)
    ? await (await import('./postgres/open-postgres-ledger.js')).openPostgresLedger(location)
    : await (await import('./duckdb/open-duckdb-ledger.js')).openDuckdbLedger(location === ':memory:' ? location : resolve(options.cwd ?? process.cwd(), location));
  if (options.migrate !== false) {
    try {
      await ledger.migrate();
    } catch (error) {
      await ledger.close();
      throw error;
    }
  }
  return ledger;
}
