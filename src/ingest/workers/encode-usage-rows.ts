import { type UsageRow, usageRowSchema } from '../../core/index.js';

/** The row's fields in schema order: a row travels as a tuple of their values. */
const fields = Object.keys(usageRowSchema.shape) as (keyof UsageRow)[];
/** Text fields that repeat from row to row (a file name, a model, a task): sent once per batch. */
const shared = new Set<keyof UsageRow>([
  'source', 'sourceFile', 'provider', 'serviceName', 'region', 'inferenceRegion', 'accountId', 'callerArn', 'operation',
  'modelId', 'rawModelId', 'modelFamily', 'inferenceScope', 'inferenceProfile', 'mode', 'usageType', 'costBasis',
  'pricingStatus', 'priceVersion', 'pricingNote', 'task', 'taskSource', 'team', 'stopReason', 'systemPromptHash',
]);
const sharedAt = fields.map((field) => shared.has(field));

/**
 * Rows to a compact JSON text for the trip from a worker to the main thread: each row a tuple
 * of its values in schema order, repeated texts replaced by their index in a table sent once. Half
 * the size of the rows' own JSON, and quicker to write than cloning the objects.
 */
export function encodeUsageRows(rows: readonly UsageRow[]): string {
  const table: string[] = [];
  const index = new Map<string, number>();
  // Most rows repeat the previous row's texts: compare with it before looking the text up.
  const lastText: (string | undefined)[] = new Array(fields.length);
  const lastPosition: number[] = new Array(fields.length);
  const tuples = rows.map((row) => {
    const tuple: unknown[] = new Array(fields.length);
    for (let at = 0; at < fields.length; at += 1) {
      const value = row[fields[at] as keyof UsageRow];
      if (sharedAt[at] === true && typeof value === 'string') {
        if (value === lastText[at]) {
          tuple[at] = lastPosition[at];
          continue;
        }
        let position = index.get(value);
        if (position === undefined) {
          position = table.length;
          table.push(value);
          index.set(value, position);
        }
        lastText[at] = value;
        lastPosition[at] = position;
        tuple[at] = position;
      } else {
        tuple[at] = value;
      }
    }
    return tuple;
  });
  return JSON.stringify([table, tuples]);
}

/** The inverse of `encodeUsageRows`, for our own workers' output (not a trust boundary). */
export function decodeUsageRows(text: string): UsageRow[] {
  const [table, tuples] = JSON.parse(text) as [string[], unknown[][]];
  return tuples.map((tuple) => {
    const row: Record<string, unknown> = {};
    for (let at = 0; at < fields.length; at += 1) {
      const value = tuple[at];
      row[fields[at] as string] = sharedAt[at] === true && typeof value === 'number' ? table[value] : value;
    }
    return row as UsageRow;
  });
}
