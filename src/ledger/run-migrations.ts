import type { MigrationResult } from './ledger.js';
import { migrations } from './migrations.js';
import type { SqlExecutor } from './sql-dialect.js';

export interface MigrationTarget {
  dialect: 'duckdb' | 'postgres';
  db: SqlExecutor;
  /** Runs the statements of one version atomically. */
  transaction(work: () => Promise<void>): Promise<void>;
}

/**
 * Applies every migration newer than the recorded version, each in its own transaction with its
 * row in `schema_migrations`, so a failed step leaves the ledger at the previous version.
 */
export async function runMigrations(target: MigrationTarget): Promise<MigrationResult> {
  const { db, dialect } = target;
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name ${text} NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)`);
  const [current] = await db.all('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  let version = Number(current?.version ?? 0);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    await target.transaction(async () => {
      for (const statement of migration[dialect]) await db.run(statement);
      await db.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
    version = migration.version;
    applied.push(migration.version);
  }
  return { applied, version };
}
