import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, ParseError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { type BenchHeader, benchHeaderSchema, type BenchRow, benchRowSchema, resumeLineSchema } from './bench-row.js';

export interface ResultsFileContents {
  header: BenchHeader;
  /** Last row per key, in file order of first appearance. */
  rows: BenchRow[];
  warnings: string[];
}

const lineSchema = z.discriminatedUnion('kind', [benchHeaderSchema, benchRowSchema, resumeLineSchema]);

/**
 * Reads results.jsonl: a header line, then rows (and resume markers). A last line cut short by a
 * crash is dropped with a warning, since its call will simply run again; any other bad line is an
 * error with its line number.
 */
export function readResultsFile(path: string): ResultsFileContents {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const warnings: string[] = [];
  let header: BenchHeader | undefined;
  const rows = new Map<string, BenchRow>();
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const last = index === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      if (last && !text.endsWith('\n')) {
        warnings.push(`${path} line ${index + 1} was cut short (an interrupted write); its call runs again.`);
        return;
      }
      throw new ParseError(`not valid JSON: ${(error as Error).message}`, { file: path, line: index + 1 }, { cause: error });
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      throw new ParseError(`not a frugal bench results line: ${formatSchemaIssues(parsed.error).slice(0, 3).join('; ')}`, { file: path, line: index + 1 });
    }
    const line = parsed.data;
    if (line.kind === 'header') {
      if (header !== undefined) throw new ParseError('a second header line.', { file: path, line: index + 1 });
      header = line;
    } else if (line.kind === 'row') {
      if (header === undefined) throw new ParseError('a row before the header line.', { file: path, line: index + 1 });
      rows.delete(line.key);
      rows.set(line.key, line);
    }
  });
  if (header === undefined) throw new ParseError('no header line: this is not a frugal bench results file.', { file: path });
  return { header, rows: [...rows.values()], warnings };
}

export interface ResultsWriter {
  append(row: BenchRow): void;
  close(): void;
}

/**
 * Opens results.jsonl for appending. Each row is written with one synchronous write as soon as
 * its call is scored, so a crash or Ctrl-C loses at most the calls still in flight.
 */
export function openResultsWriter(path: string, first: { header: BenchHeader } | { resume: z.input<typeof resumeLineSchema> }): ResultsWriter {
  if ('header' in first && existsSync(path)) {
    throw new ConfigError(`${path} already holds results. Continue it with --resume, or choose another --out directory.`, path);
  }
  if (existsSync(path)) {
    // A last line cut short by a crash is dropped (readResultsFile ignored it too), so the file stays valid JSONL.
    const existing = readFileSync(path);
    if (existing.length > 0 && existing[existing.length - 1] !== 0x0a) truncateSync(path, existing.lastIndexOf(0x0a) + 1);
  }
  const fd = openSync(path, 'a');
  writeSync(fd, `${JSON.stringify('header' in first ? first.header : first.resume)}\n`);
  let closed = false;
  return {
    append(row) {
      if (closed) throw new Error('results file already closed');
      writeSync(fd, `${JSON.stringify(row)}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
