import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { type UsageRow, usageRowSchema } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';

export interface SpillFile {
  readonly path: string;
  /** Appends rows as JSON lines (one write, so a crash loses at most a torn last line). */
  append(rows: readonly UsageRow[]): Promise<void>;
  /**
   * Moves the current file aside for replay and returns every file waiting for it (earlier
   * claims that did not finish included). New rows go to a fresh file meanwhile.
   */
  claim(): Promise<string[]>;
  /** Rows of a claimed file, a batch at a time; unreadable lines are reported, not thrown. */
  read(file: string, batchSize: number, onBadLine: (line: number, reason: string) => void): AsyncGenerator<UsageRow[]>;
  remove(file: string): Promise<void>;
}

/**
 * The usage writer's local, append-only store for a ledger outage: JSON lines, replayed later.
 * Replay is safe to repeat, because the ledger ignores a (source, request id) it already has.
 */
export function createSpillFile(path: string): SpillFile {
  const directory = dirname(path);
  const claimedPrefix = `${basename(path)}.replay-`;
  let claims = 0;

  return {
    path,
    async append(rows) {
      if (rows.length === 0) return;
      await mkdir(directory, { recursive: true });
      await appendFile(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`, { encoding: 'utf8', mode: 0o600 });
    },
    async claim() {
      const exists = await stat(path).then((info) => info.size > 0, () => false);
      if (exists) {
        claims += 1;
        await rename(path, join(directory, `${claimedPrefix}${Date.now()}-${process.pid}-${claims}`));
      }
      const names = await readdir(directory).catch(() => [] as string[]);
      return names.filter((name) => name.startsWith(claimedPrefix)).sort().map((name) => join(directory, name));
    },
    async *read(file, batchSize, onBadLine) {
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
      let batch: UsageRow[] = [];
      let number = 0;
      for await (const line of lines) {
        number += 1;
        if (line.trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line) as unknown;
        } catch {
          // A torn last line from a crash mid-append; the rest of the file is intact.
          onBadLine(number, 'not JSON (a write cut short)');
          continue;
        }
        const row = usageRowSchema.safeParse(parsed);
        if (!row.success) {
          onBadLine(number, formatSchemaIssues(row.error).join('; '));
          continue;
        }
        batch.push(row.data);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async remove(file) {
      await rm(file, { force: true });
    },
  };
}
