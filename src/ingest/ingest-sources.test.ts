import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../test/helpers/build-invocation-log-tree.js';
import { configSchema } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../pricing/index.js';
import { ingestSources } from './ingest-sources.js';

const root = mkdtempSync(join(tmpdir(), 'frugal-ingest-'));
const pricing = createPricingCatalog(defaultCatalog(), { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } });
const config = configSchema.parse({}).ingest;
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ingestSources on invocation logs in AWS layout', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    buildInvocationLogTree(join(root, 'logs'));
    ledger = await openLedger(join(root, 'ledger.duckdb'));
  });
  afterAll(() => ledger.close());

  it('reads every good record, skips and counts the bad ones with file and line, and keeps good neighbours', async () => {
    const report = await ingestSources({ sources: ['logs'], cwd: root, ledger, pricing, config, batchSize: 7 });
    const truncated = report.issues.find((issue) => issue.kind === 'truncated-gzip');
    expect(truncated?.count).toBe(1);
    const survived = (truncated?.examples[0]?.line ?? 1) - 1;
    expect(survived).toBeGreaterThan(5);
    expect(survived).toBeLessThan(40);
    expect(truncated?.examples[0]?.file).toMatch(/truncated\.json\.gz$/);

    expect(report.records).toEqual({ read: 12 + survived + 4, valid: 12 + survived, inserted: 12 + survived, alreadyInLedger: 0, replaced: 0, skipped: 4 });
    const byKind = Object.fromEntries(report.issues.map((issue) => [issue.kind, issue.examples.map((example) => [example.file.split('/').pop(), example.line])]));
    expect(byKind).toMatchObject({
      'invalid-json': [
        ['mixed.json.gz', 1],
        ['mixed.json.gz', 5],
      ],
      'unknown-schema': [['mixed.json.gz', 3]],
      'unknown-model': [['mixed.json.gz', 4]],
    });
    expect(report.files).toEqual({ invocationLogs: 10, billing: 0, benchResults: 0, otlpTraces: 0, usageRows: 0, ignored: 0, unchanged: 0, unreadable: 1 });
    // Exact: the fixtures' catalog costs plus 5 + survived Nova Lite calls at $0.00000936.
    expect(report.cost.catalog).toBeCloseTo(0.02348604 + (5 + survived) * 0.00000936, 12);
    expect(report.cost.unpricedRows).toBe(0);
    expect(report.cost.billed).toBe(0);
    expect((await ledger.query.summary()).rows).toBe(12 + survived);
  });

  it('reads offloaded bodies from beside a local copy of the logs', async () => {
    const [row] = await ledger.query.listRequests({ filter: { requestIds: ['00000000-0000-4000-8000-000000000007'] } });
    expect(row).toMatchObject({ maxTokens: 800, stopReason: 'stop', requestPreview: 'Extract the totals from this statement.', inputBodyPath: expect.stringMatching(/^s3:\/\//) });
  });

  it('attributes tasks from requestMetadata, then the IAM role, else unattributed', async () => {
    const tasks = await ledger.query.aggregate({ groupBy: ['task', 'taskSource'], orderBy: 'rows' });
    const found = Object.fromEntries(tasks.map((row) => [row.group.task, row.group.taskSource]));
    expect(found).toMatchObject({ 'customer-chat': 'metadata', app: 'iam-role', 'claims-extractor': 'iam-role', unattributed: 'unattributed' });
  });

  it('changes nothing when the same files are ingested again', async () => {
    const before = await ledger.query.summary();
    const again = await ingestSources({ sources: ['logs'], cwd: root, ledger, pricing, config });
    expect(again.records.inserted).toBe(0);
    expect(again.records.alreadyInLedger).toBe(again.records.valid);
    expect(await ledger.query.summary()).toEqual(before);
  });

  it('keeps the S3 path and reports the body when no local copy exists', async () => {
    const other = await openLedger(':memory:');
    const report = await ingestSources({ sources: [join(root, 'logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/08/04')], cwd: '/', ledger: other, pricing, config, fetchBodies: false });
    expect(report.records.valid).toBe(1);
    const [row] = await other.query.listRequests();
    expect(row?.promptChars).toBeNull();
    await other.close();
  });

  it('reports a missing source and still reads the others', async () => {
    const other = await openLedger(':memory:');
    const report = await ingestSources({ sources: ['nope', 'logs/cloudwatch-export'], cwd: root, ledger: other, pricing, config });
    expect(report.issues[0]).toMatchObject({ kind: 'unreadable-source', count: 1, examples: [{ file: 'nope', message: 'no such file or folder' }] });
    expect(report.records.valid).toBe(3);
    await other.close();
  });
});

describe('ingestSources on a folder it has ingested before', () => {
  const record = JSON.parse(readFileSync(join(import.meta.dirname, '../../test/fixtures/invocation-logs/records/converse-cache-read.json'), 'utf8')) as Record<string, unknown>;
  const line = (index: number): string => `${JSON.stringify({ ...record, requestId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` })}\n`;
  const folder = join(root, 'daily');
  const file = (index: number): string => join(folder, `part-${String(index).padStart(2, '0')}.jsonl`);
  const count = 24;

  it('skips files unchanged since, reads changed ones, and tries again a file it could not read', async () => {
    mkdirSync(folder, { recursive: true });
    for (let index = 0; index < count; index += 1) writeFileSync(file(index), line(index));
    const ledger = await openLedger(join(root, 'daily.duckdb'));
    const ingest = (reread = false) => ingestSources({ sources: ['daily'], cwd: root, ledger, pricing, config, workers: 0, reread });

    // The last file disappears after it was listed (read ahead goes 17 files at most): unreadable, not recorded.
    let removed = false;
    const first = await ingestSources({
      sources: ['daily'], cwd: root, ledger, pricing, config, workers: 0,
      onProgress: () => {
        if (!removed) rmSync(file(count - 1));
        removed = true;
      },
    });
    expect(first.records.inserted).toBe(count - 1);
    expect(first.issues.map((issue) => issue.kind)).toEqual(['unreadable-file']);
    const recorded = await ledger.ingestedFiles();
    expect(recorded.size).toBe(count - 1);
    expect(recorded.has(file(count - 1))).toBe(false);
    expect(recorded.get(file(0))).toMatch(/^\d+:\d+(\.\d+)?$/);
    writeFileSync(file(count - 1), line(count - 1));

    // Only the file that could not be read is read again.
    const second = await ingest();
    expect(second.files).toMatchObject({ invocationLogs: 1, unchanged: count - 1 });
    expect(second.records).toMatchObject({ read: 1, inserted: 1 });

    // A file that changed (a record added) is read again; its old record is not stored twice.
    writeFileSync(file(3), line(3) + line(100));
    const third = await ingest();
    expect(third.files).toMatchObject({ invocationLogs: 1, unchanged: count - 1 });
    expect(third.records).toMatchObject({ read: 2, inserted: 1, alreadyInLedger: 1 });

    // Nothing new; --reread reads everything and stores nothing twice.
    expect((await ingest()).records.read).toBe(0);
    expect((await ingest(true)).records).toMatchObject({ read: count + 1, inserted: 0, alreadyInLedger: count + 1 });
    await ledger.close();
  });
});
