export type SourceFormat = 'invocation-log' | 'billing';
export type NameClass = SourceFormat | 'ignore';

/**
 * What a file is, by name. Offloaded request/response bodies (`*_input.json.gz`) and AWS's
 * delivery permission probe sit beside the logs and are not logs. When walking folders, unknown
 * names are ignored; a file named on the command line is read as a log unless it is billing data.
 */
export function classifySourceName(name: string, explicit: boolean): NameClass {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.') || base === 'amazon-bedrock-logs-permission-check') return 'ignore';
  if (/_(?:input|output)\.json(?:\.gz)?$/i.test(base)) return 'ignore';
  if (/\.(?:csv|csv\.gz|parquet)$/i.test(base)) return 'billing';
  if (/\.(?:json|jsonl|ndjson|log|txt)(?:\.gz)?$/i.test(base) || /\.gz$/i.test(base)) return 'invocation-log';
  return explicit ? 'invocation-log' : 'ignore';
}
