import { z } from 'zod';
import { formatSchemaIssues } from '../../pricing/index.js';
import { benchHeaderSchema, benchRowSchema, resumeLineSchema } from '../../bench/run/bench-row.js';
import type { FileContext, FormatReader } from '../file-context.js';
import { skipRecord } from '../file-context.js';
import { isRecord } from '../invocation-log/json-guards.js';
import type { SourceFile } from '../sources/source-file.js';
import { type BenchRunInfo, convertBenchRow } from './convert-bench-row.js';

const lineSchema = z.discriminatedUnion('kind', [benchHeaderSchema, benchRowSchema, resumeLineSchema]);

/**
 * `frugal bench` results.jsonl: a header line, then one line per (task, example, model, repeat)
 * and a resume line per resumed session. Each result line is a call that was made (a resumed run
 * appends new calls for keys it re-ran), so every line is read, not only the last per key. The
 * header's region and judges (updated by resume lines) apply to the rows after them.
 */
export function createBenchResultsReader(file: SourceFile, context: FileContext): FormatReader {
  let run: BenchRunInfo | undefined;
  let unknownVersion: string | undefined;
  const skip = (line: number, kind: Parameters<FileContext['addIssue']>[0]['kind'], message: string): void => skipRecord(context, { kind, file: file.name, line, message });

  const readLine = async (text: string, line: number): Promise<void> => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      skip(line, 'invalid-json', `invalid JSON (a write cut short by a crash?): ${(error as Error).message}`);
      return;
    }
    if (isRecord(value) && value.kind === 'header' && value.formatVersion !== 1) {
      unknownVersion = JSON.stringify(value.formatVersion ?? null);
      skip(line, 'unknown-schema', `bench results formatVersion ${unknownVersion} is not one frugal reads (1)`);
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      skip(line, 'invalid-record', `not a frugal bench results line: ${formatSchemaIssues(parsed.error).slice(0, 3).join('; ')}`);
      return;
    }
    const entry = parsed.data;
    if (entry.kind === 'header') {
      if (run !== undefined) {
        skip(line, 'invalid-record', 'a second header line');
        return;
      }
      run = { suite: entry.suite.name, region: entry.settings.region, judges: entry.settings.judges, catalogVersion: entry.catalogVersion };
      return;
    }
    if (run === undefined) {
      if (unknownVersion !== undefined) skip(line, 'unknown-schema', `a row of a results file in formatVersion ${unknownVersion}`);
      else skip(line, 'invalid-record', `a ${entry.kind} line before the header line`);
      return;
    }
    if (entry.kind === 'resume') {
      run = { ...run, region: entry.settings.region, judges: entry.settings.judges, catalogVersion: entry.catalogVersion };
      return;
    }
    context.tally.read += 1;
    const converted = convertBenchRow(entry, run, { pricing: context.pricing, sourceFile: file.name, sourceLine: line });
    if (!converted.ok) {
      context.tally.skipped += 1;
      context.addIssue({ kind: converted.kind, file: file.name, line, message: converted.message });
      return;
    }
    for (const note of converted.notes) context.addIssue({ ...note, file: file.name, line });
    if (converted.unbilledError) context.tally.bench.unbilledErrors += 1;
    for (const row of converted.rows) {
      if (row.metadata.frugal_bench_role === 'judge') context.tally.bench.judgeRows += 1;
      else context.tally.bench.calls += 1;
      await context.addRow(row);
    }
  };

  return {
    line: readLine,
    document() {
      // A results file is JSON lines; a pretty-printed document of one never comes from frugal bench.
      skip(1, 'unknown-format', 'a pretty-printed JSON document, not a results.jsonl');
    },
  };
}
