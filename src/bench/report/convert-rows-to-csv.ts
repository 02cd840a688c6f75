import type { BenchRow } from '../run/bench-row.js';

/** RFC 4180 quoting; null and undefined are empty cells (unknown), never 0. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'boolean' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\n')}\n`;
}

/**
 * results.csv: one line per (task, example, model, repeat), the same rows as results.jsonl
 * flattened. Costs are USD, latencies milliseconds; every scorer gets a `score:<name>` and
 * `pass:<name>` column.
 */
export function convertRowsToCsv(rows: readonly BenchRow[]): string {
  const scorerNames: string[] = [];
  for (const row of rows) for (const name of Object.keys(row.scores)) if (!scorerNames.includes(name)) scorerNames.push(name);
  const header = [
    'task', 'example_id', 'model', 'served_model', 'repeat', 'status', 'error_code', 'error_message',
    'input_tokens', 'cache_read_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens',
    'generation_cost_usd', 'judge_cost_usd', 'total_cost_usd',
    'ttft_ms', 'latency_ms', 'service_ms', 'retry_wait_ms', 'queue_ms', 'attempts',
    'output_chars', 'stop_reason', 'quality', 'pass',
    ...scorerNames.flatMap((name) => [`score:${name}`, `pass:${name}`]),
    'judge_calls', 'judge_errors', 'judge_input_tokens', 'judge_output_tokens', 'request_id', 'started_at',
  ];
  const lines = rows.map((row) => [
    row.task, row.exampleId, row.model, row.servedModel, row.repeat, row.status, row.error?.code, row.error?.message,
    row.tokens.input, row.tokens.cacheRead, row.tokens.cacheWrite5m, row.tokens.cacheWrite1h, row.tokens.output,
    row.cost.generation, row.cost.judge, row.cost.total,
    row.latency.ttftMs, row.latency.totalMs, row.latency.serviceMs, row.latency.retryWaitMs, row.latency.queueMs, row.latency.attempts,
    row.outputChars, row.stopReason, row.quality, row.pass,
    ...scorerNames.flatMap((name) => {
      const entry = row.scores[name];
      return [entry?.value, entry?.pass];
    }),
    row.judge?.calls, row.judge?.errors, row.judge?.inputTokens, row.judge?.outputTokens, row.requestId, row.startedAt,
  ]);
  return formatCsv(header, lines);
}
