import { open } from 'node:fs/promises';
import type { SourceFile } from '../sources/source-file.js';

/** The first columns of the results.csv that `frugal bench` writes beside results.jsonl. */
const benchCsvHeader = 'task,example_id,model,served_model,repeat,status,';

/**
 * True for a bench run's results.csv: the same calls as its results.jsonl, flattened, so a bench
 * folder ingests once (from results.jsonl) instead of failing as a billing export.
 */
export async function isBenchResultsCsv(file: SourceFile): Promise<boolean> {
  if (file.location.kind !== 'local' || !/\.csv$/i.test(file.location.path)) return false;
  const handle = await open(file.location.path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const buffer = Buffer.alloc(benchCsvHeader.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead) === benchCsvHeader;
  } finally {
    await handle.close();
  }
}
