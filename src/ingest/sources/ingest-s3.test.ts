import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../../test/helpers/build-invocation-log-tree.js';
import { configSchema } from '../../config/index.js';
import { openObjectStore, registerS3Routes } from '../../emulator/s3/index.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../../pricing/index.js';
import { ingestSources } from '../ingest-sources.js';
import { readLoggedRequests } from '../read-logged-requests.js';
import { type S3Settings, createS3Client } from './create-s3-client.js';

const overrides = { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } };
const pricing = createPricingCatalog(defaultCatalog(), overrides);
const config = configSchema.parse({}).ingest;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// The emulator's S3-compatible store, reached through the real AWS SDK on loopback.
describe('ingest from s3:// through the AWS SDK (emulator S3 store)', () => {
  const root = mkdtempSync(join(tmpdir(), 'frugal-s3-'));
  let server: ReturnType<typeof serve>;
  let endpoint = '';
  const settings = (): S3Settings => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

  beforeAll(async () => {
    const app = new Hono();
    registerS3Routes(app, { store: await openObjectStore() });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        endpoint = `http://127.0.0.1:${info.port}/s3`;
        resolve();
      });
    });
    buildInvocationLogTree(join(root, 'tree'));
    const s3 = await createS3Client(settings());
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-bedrock-logs' }));
    for (const file of listFiles(join(root, 'tree'))) {
      await s3.send(new PutObjectCommand({ Bucket: 'acme-bedrock-logs', Key: `prod/${relative(join(root, 'tree'), file)}`, Body: readFileSync(file) }));
    }
    await s3.send(new PutObjectCommand({ Bucket: 'acme-bedrock-logs', Key: 'billing/focus-bedrock.csv', Body: readFileSync(join(import.meta.dirname, '../../../test/fixtures/billing/focus-bedrock.csv')) }));
    s3.destroy();
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('lists the prefix page by page, streams the gzipped logs and fetches offloaded bodies from the bucket', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: ['s3://acme-bedrock-logs/prod/AWSLogs/'], cwd: root, ledger, pricing, config, s3: settings() });
    // The AWSLogs tree: 6 fixture files, the mixed file and the truncated one (bodies and the permission probe are not logs).
    expect(report.files.invocationLogs).toBe(8);
    expect(report.issues.map((issue) => issue.kind)).toEqual(['invalid-json', 'unknown-schema', 'unknown-model', 'truncated-gzip']);
    expect(report.issues[0]?.examples[0]?.file).toMatch(/^s3:\/\/acme-bedrock-logs\/prod\/AWSLogs\/.*mixed\.json\.gz$/);
    const [offloaded] = await ledger.query.listRequests({ filter: { requestIds: ['00000000-0000-4000-8000-000000000007'] } });
    expect(offloaded).toMatchObject({ maxTokens: 800, requestPreview: 'Extract the totals from this statement.', sourceFile: expect.stringMatching(/^s3:\/\//) });
    // Every call's request reads back from its object in the bucket (batch plan --ledger), the offloaded body from its own.
    const rows = await ledger.query.listRequests({ limit: 1000 });
    const answers = await readLoggedRequests(rows.map((row) => ({ requestId: row.requestId, sourceFile: row.sourceFile as string, sourceLine: row.sourceLine })), { roots: [root], s3: settings() });
    expect([...answers.values()].filter((answer) => !answer.ok)).toEqual([]);
    expect(answers.size).toBe(rows.length);
    expect(answers.get('00000000-0000-4000-8000-000000000007')).toEqual({ ok: true, body: { prompt: 'Extract the totals from this statement.', max_gen_len: 800 } });
    // A missing object is that file's problem: the files read after them (8 at once) still read.
    const deleted = Array.from({ length: 8 }, (_, index) => ({ requestId: `deleted-${index}`, sourceFile: `s3://acme-bedrock-logs/prod/deleted-${index}.json.gz`, sourceLine: 1 }));
    const withMissing = await readLoggedRequests([...deleted, ...rows.map((row) => ({ requestId: row.requestId, sourceFile: row.sourceFile as string, sourceLine: row.sourceLine }))], { roots: [root], s3: settings() });
    expect(withMissing.get('deleted-0')).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot read s3:\/\/acme-bedrock-logs\/prod\/deleted-0\.json\.gz: /) });
    expect(rows.every((row) => withMissing.get(row.requestId)?.ok === true)).toBe(true);
    await ledger.close();
  });

  it('gives up on S3 after a failure that is not one missing object, instead of waiting out each file', async () => {
    const closed = serve({ fetch: () => new Response(), port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => closed.once('listening', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refs = Array.from({ length: 20 }, (_, index) => ({ requestId: `r${index}`, sourceFile: `s3://acme-bedrock-logs/prod/f${index}.json.gz`, sourceLine: 1 }));
    const answers = await readLoggedRequests(refs, { roots: [root], s3: { ...settings(), endpoint: `http://127.0.0.1:${port}/s3` } });
    const reasons = [...answers.values()].map((answer) => (answer.ok ? 'ok' : answer.reason));
    expect(reasons).toHaveLength(20);
    // The files already in flight (8 at once) fail on their own; the rest are not tried.
    expect(reasons.filter((reason) => reason.endsWith('(as an earlier file in S3)')).length).toBeGreaterThanOrEqual(12);
    expect(reasons.every((reason) => reason.startsWith('cannot read s3://acme-bedrock-logs/prod/f'))).toBe(true);
  });

  it('reads S3 logs in worker threads, offloaded bodies too, into the same rows and report as on the main thread', async () => {
    const ingest = async (workers: number) => {
      const ledger = await openLedger(':memory:');
      const report = await ingestSources({ sources: ['s3://acme-bedrock-logs/prod/AWSLogs/'], cwd: root, ledger, pricing, pricingInputs: { catalog: defaultCatalog(), overrides }, config, s3: settings(), workers });
      const rows = (await ledger.query.listRequests()).sort((a, b) => a.requestId.localeCompare(b.requestId));
      await ledger.close();
      return { report, rows };
    };
    const here = await ingest(0);
    const pooled = await ingest(2);
    expect(pooled.report.workers).toBe(2);
    expect(here.report.workers).toBe(0);
    expect(pooled.rows.length).toBeGreaterThan(0);
    expect(pooled.rows).toEqual(here.rows);
    expect(pooled.rows.find((row) => row.requestId === '00000000-0000-4000-8000-000000000007')).toMatchObject({ maxTokens: 800, requestPreview: 'Extract the totals from this statement.' });
    const { durationMs: _pooledMs, recordsPerSecond: _pooledRate, workers: _pooledWorkers, ...pooledReport } = pooled.report;
    const { durationMs: _hereMs, recordsPerSecond: _hereRate, workers: _hereWorkers, ...hereReport } = here.report;
    expect(pooledReport).toEqual(hereReport);
  }, 60_000);

  it('copies a billing export from S3 and reads it with DuckDB', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: ['s3://acme-bedrock-logs/billing/focus-bedrock.csv'], cwd: root, ledger, pricing, config, s3: settings() });
    expect(report.billing).toMatchObject({ bedrockRows: 6, billedCost: 10.83 });
    expect(report.records.inserted).toBe(5);
    await ledger.close();
  });

  it('reports a bucket it cannot list and goes on', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: ['s3://no-such-bucket/x/'], cwd: root, ledger, pricing, config, s3: settings() });
    expect(report.issues[0]).toMatchObject({ kind: 'unreadable-source', count: 1 });
    await ledger.close();
  });
});
