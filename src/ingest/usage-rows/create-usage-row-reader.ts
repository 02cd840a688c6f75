import { type UsageSource, usageRowSchema } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import type { FileContext, FormatReader } from '../file-context.js';
import { skipRecord } from '../file-context.js';
import type { SourceFile } from '../sources/source-file.js';

/** Sources whose rows frugal itself writes at run time; rows of other sources come from their own files. */
const ownSources: ReadonlySet<UsageSource> = new Set(['gateway', 'bench', 'otel', 'batch']);

/**
 * JSON lines of whole ledger rows, as the gateway's buffered usage writer spills them when the
 * ledger is down (and as `createPipeline`'s usage sinks produce them): each line is validated
 * against `usageRowSchema` and stored as written, already priced and attributed, except that a
 * row without a source file gets this file and line. Rows of sources with files of their own
 * (invocation logs, billing exports) are refused: ingest those files instead.
 */
export function createUsageRowReader(file: SourceFile, context: FileContext): FormatReader {
  const skip = (line: number, kind: 'invalid-json' | 'invalid-record', message: string): void => skipRecord(context, { kind, file: file.name, line, message });
  return {
    async line(text, line) {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch (error) {
        skip(line, 'invalid-json', `invalid JSON (a write cut short?): ${(error as Error).message}`);
        return;
      }
      const parsed = usageRowSchema.safeParse(value);
      if (!parsed.success) {
        skip(line, 'invalid-record', `not a usage row: ${formatSchemaIssues(parsed.error).slice(0, 3).join('; ')}`);
        return;
      }
      const row = parsed.data;
      if (!ownSources.has(row.source)) {
        skip(line, 'invalid-record', `a usage row of source ${row.source}: ingest the ${row.source === 'invocation-log' ? 'invocation logs' : 'billing export'} it came from instead`);
        return;
      }
      context.tally.read += 1;
      await context.addRow(row.sourceFile === null ? { ...row, sourceFile: file.name, sourceLine: line } : row);
    },
    document() {
      skip(1, 'invalid-record', 'a pretty-printed JSON document; usage rows are read one JSON object per line');
    },
  };
}
