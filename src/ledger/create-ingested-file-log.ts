import type { IngestedFile, Ledger } from './ledger.js';
import type { SqlExecutor } from './sql-dialect.js';

/** Rows per INSERT: a month of hourly log files is thousands. */
const rowsPerInsert = 500;

/** The `ingested_files` table, in SQL both DuckDB and PostgreSQL run. */
export function createIngestedFileLog(db: SqlExecutor): Pick<Ledger, 'ingestedFiles' | 'recordIngestedFiles'> {
  return {
    async ingestedFiles() {
      const rows = await db.all('SELECT file, version FROM ingested_files');
      return new Map(rows.map((row) => [String(row.file), String(row.version)]));
    },
    async recordIngestedFiles(files) {
      // One row per file (the last version given wins): an upsert may not touch a row twice.
      const latest = [...new Map(files.map((entry): [string, IngestedFile] => [entry.file, entry])).values()];
      for (let start = 0; start < latest.length; start += rowsPerInsert) {
        const chunk = latest.slice(start, start + rowsPerInsert);
        const values = chunk.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2}, current_timestamp)`).join(', ');
        await db.run(
          `INSERT INTO ingested_files (file, version, ingested_at) VALUES ${values} ON CONFLICT (file) DO UPDATE SET version = EXCLUDED.version, ingested_at = EXCLUDED.ingested_at`,
          chunk.flatMap((entry) => [entry.file, entry.version]),
        );
      }
    },
  };
}
