import type { UsageMode, UsageRow } from '../core/index.js';
import type { CallRecord } from './create-attempt-provider.js';
import { convertCallToUsageRow, type RowAttribution } from './convert-call-to-usage-row.js';
import type { PipelineRuntime } from './execute-request.js';
import type { PipelineAttempt } from './pipeline-result.js';

/**
 * Hands the request's rows to the usage sink: one per billed call (a call that failed before
 * reporting any usage billed nothing and has no row). Never awaited and never thrown from: a
 * sink's failure is logged, the caller still gets the answer.
 */
export function writeUsage(runtime: PipelineRuntime, records: readonly CallRecord[], attempts: readonly PipelineAttempt[], attribution: RowAttribution, modeOf: (record: CallRecord) => UsageMode): void {
  const sink = runtime.options.usageSink;
  if (sink === undefined) return;
  const captureContent = runtime.options.captureContent ?? false;
  try {
    const rows: UsageRow[] = [];
    for (const [position, record] of records.entries()) {
      if (record.usage === null) continue;
      rows.push(
        convertCallToUsageRow(record, attempts[position] as PipelineAttempt, modeOf(record), attribution, {
          source: runtime.options.usageSource ?? 'gateway',
          entryPoint: runtime.options.entryPoint,
          region: runtime.options.region,
          catalog: runtime.catalog,
          hasher: runtime.hasher,
          captureContent,
        }),
      );
    }
    // Always drained, so the hasher's queue of prompt text stays bounded; kept only when asked.
    const text = runtime.hasher.drainText();
    if (rows.length === 0) return;
    const written = sink.write(rows, captureContent ? text : undefined);
    if (written instanceof Promise) written.catch((error: unknown) => runtime.logger.warn('the usage sink failed to write', error));
  } catch (error) {
    runtime.logger.warn('the usage sink failed to write', error);
  }
}
