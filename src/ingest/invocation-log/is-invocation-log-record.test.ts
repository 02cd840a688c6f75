import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleLogs } from '../../sample/index.js';
import { invocationLogRecordSchema } from './invocation-log-record-schema.js';
import { isInvocationLogRecord } from './is-invocation-log-record.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/invocation-logs/records');
const fixtureRecords = readdirSync(fixtures).map((name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>);

/** What the guard promises: it accepts only what the schema accepts, and the schema then returns the input unchanged. */
function expectAgreement(value: unknown): boolean {
  const accepted = isInvocationLogRecord(value);
  if (accepted) {
    const parsed = invocationLogRecordSchema.safeParse(value);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toStrictEqual(value);
  }
  return accepted;
}

const clone = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** Sets (or deletes, for `undefined`) the value at a dotted path, creating objects on the way. */
function withValue(record: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = clone(record);
  const keys = path.split('.');
  let level = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof level[key] !== 'object' || level[key] === null) level[key] = {};
    level = level[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete level[last];
  else level[last] = value;
  return copy;
}

const paths = [
  'schemaType', 'schemaVersion', 'timestamp', 'accountId', 'identity', 'identity.arn', 'region', 'inferenceRegion', 'requestId', 'operation', 'modelId',
  'requestMetadata', 'requestMetadata.task', 'input', 'input.inputContentType', 'input.inputBodyJson', 'input.inputBodyS3Path', 'input.inputTokenCount',
  'input.cacheReadInputTokenCount', 'input.cacheWriteInputTokenCount', 'output', 'output.outputContentType', 'output.outputBodyJson', 'output.outputBodyS3Path', 'output.outputTokenCount',
];
const oddValues: unknown[] = [
  undefined, null, '', 'x', 0, -0, -1, 1.5, 2 ** 53, 1e308, true, false, {}, [], ['x'], { arn: '' }, { arn: 5 }, { task: ['a'] }, { task: null },
  '2026-08-01T12:00:00Z', '2026-08-01T12:00:00.123+02:00', '2026-02-30T00:00:00Z', '2026-08-01 12:00:00Z', '2026-08-01T24:00:00Z', '2026-08-01T12:00:00', 'ModelInvocationLog',
];

describe('isInvocationLogRecord', () => {
  const sampleRecords: Record<string, unknown>[] = [];
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'frugal-guard-'));
    await generateSampleLogs({ out: folder, days: 1, limit: 400 });
    const files = (await readdir(folder, { recursive: true })).filter((name) => name.endsWith('.json.gz'));
    for (const name of files) {
      const text = gunzipSync(await readFile(join(folder, name))).toString('utf8');
      for (const line of text.split('\n')) if (line.trim() !== '') sampleRecords.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('accepts the records AWS documents and the sample workload writes, as the schema does', () => {
    expect(sampleRecords.length).toBeGreaterThan(300);
    for (const record of [...fixtureRecords, ...sampleRecords]) expect(expectAgreement(record)).toBe(true);
  });

  it('never accepts a record the schema refuses or would change, whatever one field holds', () => {
    let refused = 0;
    for (const base of [...fixtureRecords, sampleRecords[0] as Record<string, unknown>]) {
      for (const path of paths) for (const value of oddValues) if (!expectAgreement(withValue(base, path, value))) refused += 1;
    }
    expect(refused).toBeGreaterThan(500);
  });

  it('leaves keys zod would not copy as keys, and objects JSON.parse does not make, to the schema', () => {
    const base = fixtureRecords[0] as Record<string, unknown>;
    for (const json of ['{"__proto__":"x"}', '{"task":"a","__proto__":{"x":1}}']) expect(expectAgreement(withValue(base, 'requestMetadata', JSON.parse(json)))).toBe(false);
    expect(expectAgreement(JSON.parse(JSON.stringify(base).replace('{', '{"__proto__":{"polluted":true},')))).toBe(false);
    expect(expectAgreement({ ...clone(base), identity: new Date(0) })).toBe(false);
    expect(expectAgreement('not a record')).toBe(false);
  });
});
