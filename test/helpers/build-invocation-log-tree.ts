import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const recordsDir = join(import.meta.dirname, '../fixtures/invocation-logs/records');
export const fixtureRecord = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(recordsDir, `${name}.json`), 'utf8')) as Record<string, unknown>;
export const fixtureNames = ['converse-cache-read', 'invoke-model-anthropic-1h-write', 'converse-stream-nova', 'invoke-stream-chunks', 'inference-profile-arn', 'provisioned-arn', 's3-body-paths'];
export const provisionedArn = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123xyz';

const hourDir = (region: string, time: string): string => {
  const [date, clock] = time.split('T') as [string, string];
  const [year, month, day] = date.split('-');
  return join('AWSLogs', '111122223333', 'BedrockModelInvocationLogs', region, year as string, month as string, day as string, clock.slice(0, 2));
};

function write(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

export interface LogTree {
  /** Files written, relative to the root. */
  files: string[];
  /** Valid records in the tree. */
  validRecords: number;
}

/**
 * Writes invocation logs the way AWS delivers them (gzipped NDJSON in hour folders), plus the
 * bad files a real bucket collects: a truncated gzip, bad lines, another schema version, an
 * unknown model; an offloaded body beside its log; the delivery permission probe.
 */
export function buildInvocationLogTree(root: string): LogTree {
  const files: string[] = [];
  const put = (path: string, content: string | Buffer): void => {
    write(root, path, content);
    files.push(path);
  };
  const lines = (records: readonly unknown[]): string => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

  // Every fixture record in its own hour folder, several per file where the hour matches.
  const good = fixtureNames.map(fixtureRecord);
  const byDir = new Map<string, unknown[]>();
  for (const record of good) {
    const dir = hourDir(String(record.region), String(record.timestamp));
    byDir.set(dir, [...(byDir.get(dir) ?? []), record]);
  }
  let index = 0;
  for (const [dir, records] of byDir) put(join(dir, `111122223333_BedrockModelInvocationLogs_us-east-1_20260801T1200Z_${(index++).toString(16).padStart(8, '0')}.json.gz`), gzipSync(lines(records)));

  // A file with bad neighbours around two good records (lines 2 and 6).
  const base = fixtureRecord('converse-stream-nova');
  const mixed = [
    '{"schemaType": "ModelInvocationLog", "schemaVersion": "1.0", "timestamp": ',
    JSON.stringify({ ...base, requestId: 'mixed-good-1' }),
    JSON.stringify({ ...base, requestId: 'mixed-v2', schemaVersion: '2.0' }),
    JSON.stringify({ ...base, requestId: 'mixed-unknown-model', modelId: 'acme.giant-model-v9:0' }),
    'not json at all',
    JSON.stringify({ ...base, requestId: 'mixed-good-2' }),
    '',
  ].join('\n');
  put(join(hourDir('us-east-1', '2025-03-11T00'), 'mixed.json.gz'), gzipSync(mixed));

  // Truncated gzip: 40 records, cut in the middle; the records before the cut still count.
  // Varied text, so the gzip stream is long enough to cut in the middle.
  const noise = (n: number): string => Array.from({ length: 300 }, (_, i) => ((n * 7919 + i * 104_729) % 1_000_003).toString(36)).join(' ');
  const many = Array.from({ length: 40 }, (_, n) => ({ ...base, requestId: `trunc-${n}`, output: { ...(base.output as object), outputBodyJson: { text: noise(n) } } }));
  const whole = gzipSync(lines(many));
  put(join(hourDir('us-east-1', '2025-03-11T01'), 'truncated.json.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));

  // Offloaded bodies for the s3-body-paths record, where `aws s3 sync` would put them.
  const bodyDir = join(hourDir('us-east-1', '2026-08-04T01'), 'data');
  write(root, join(bodyDir, '00000000-0000-4000-8000-000000000007_input.json.gz'), gzipSync(JSON.stringify({ prompt: 'Extract the totals from this statement.', max_gen_len: 800 })));
  write(root, join(bodyDir, '00000000-0000-4000-8000-000000000007_output.json.gz'), gzipSync(JSON.stringify({ generation: '{"total": 12}', stop_reason: 'stop' })));
  write(root, 'AWSLogs/111122223333/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check', '');

  // CloudWatch Logs: an export task file (`<time> <message>` lines) and a subscription batch.
  put(
    join('cloudwatch-export', 'exportedlogs', 'bedrock', '000000.gz'),
    gzipSync(`2025-03-11T00:38:02.000Z ${JSON.stringify({ ...base, requestId: 'cw-export-1' })}\n2025-03-11T00:38:03.000Z ${JSON.stringify({ ...base, requestId: 'cw-export-2' })}\n`),
  );
  put(
    join('cloudwatch-export', 'subscription.json'),
    `${JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'bedrock', logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify({ ...base, requestId: 'cw-sub-1' }) }] })}\n`,
  );
  // Valid: 7 fixtures + 2 mixed + 2 exported + 1 subscription (+ whatever survives the truncation).
  return { files, validRecords: 12 };
}
