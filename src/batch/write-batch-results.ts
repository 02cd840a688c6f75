import { writeFileAtomically } from './batch-plan-files.js';
import type { BatchResult } from './collect-batch-results.js';

const columns: readonly (keyof BatchResult)[] = ['id', 'recordId', 'job', 'status', 'inputTokens', 'outputTokens', 'cost', 'errorCode', 'errorMessage', 'source', 'output'];
const csvHeader = ['id', 'record_id', 'job', 'status', 'input_tokens', 'output_tokens', 'cost_usd', 'error_code', 'error_message', 'source', 'output'];

/** RFC 4180: quote fields with a comma, quote or line break; double the quotes. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatBatchResults(results: readonly BatchResult[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') return results.map((result) => `${JSON.stringify(result)}\n`).join('');
  const lines = results.map((result) => columns.map((column) => csvField(result[column])).join(','));
  return `${[csvHeader.join(','), ...lines].join('\r\n')}\r\n`;
}

/** Writes one line per record, in the plan's order (input order), whatever order Bedrock answered in. */
export async function writeBatchResults(path: string, results: readonly BatchResult[], format: 'jsonl' | 'csv'): Promise<void> {
  await writeFileAtomically(path, formatBatchResults(results, format));
}
