import { cpSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../../test/helpers/build-invocation-log-tree.js';
import type { UsageRow } from '../../core/index.js';
import { configSchema } from '../../config/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { sharedColumns } from '../../ledger/ledger-row-json.js';
import { createPricingCatalog, defaultCatalog } from '../../pricing/index.js';
import { generateSampleLogs } from '../../sample/index.js';
import type { IngestReport } from '../ingest-report.js';
import { ingestSources } from '../ingest-sources.js';
import { listSourceFiles } from '../sources/list-source-files.js';
import { createIngestPool } from './create-ingest-pool.js';
import { decodeUsageRows, encodeUsageRows } from './encode-usage-rows.js';
import type { WorkerBatch } from './worker-protocol.js';

const root = mkdtempSync(join(tmpdir(), 'frugal-ingest-workers-'));
const overrides = { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } };
const pricing = createPricingCatalog(defaultCatalog(), overrides);
const config = configSchema.parse({ ingest: { rules: [{ task: 'greeting', metadata: { app: '^web' } }] } }).ingest;
afterAll(() => rm(root, { recursive: true, force: true }));

async function ingestWith(workers: number): Promise<{ report: IngestReport; rows: UsageRow[]; ledger: Ledger }> {
  const ledger = await openLedger(':memory:');
  const report = await ingestSources({ sources: ['.'], cwd: root, ledger, pricing, pricingInputs: { catalog: defaultCatalog(), overrides }, config, workers, batchSize: 500 });
  const rows = (await ledger.query.listRequests({ limit: 10_000 })).sort((a, b) => `${a.source} ${a.requestId}`.localeCompare(`${b.source} ${b.requestId}`));
  return { report, rows, ledger };
}

describe('ingest with worker threads', () => {
  beforeAll(async () => {
    buildInvocationLogTree(join(root, 'logs'));
    cpSync(join(import.meta.dirname, '../__fixtures__'), join(root, 'own'), { recursive: true });
    // About 1,900 records in some 190 files: several jobs, several messages per job.
    await generateSampleLogs({ out: join(root, 'sample'), seed: 3, days: 2, limit: 2500 });
  });

  it('writes the same ledger rows, prompt text and report as the main thread alone', async () => {
    const alone = await ingestWith(0);
    const pooled = await ingestWith(2);
    expect(alone.report.workers).toBe(0);
    expect(pooled.report.workers).toBe(2);
    const { durationMs: _a, recordsPerSecond: _b, workers: _c, ...aloneReport } = alone.report;
    const { durationMs: _d, recordsPerSecond: _e, workers: _f, ...pooledReport } = pooled.report;
    expect(pooledReport).toEqual(aloneReport);
    expect(alone.rows.length).toBeGreaterThan(1500);
    expect(alone.report.issues.map((issue) => issue.kind)).toEqual(expect.arrayContaining(['invalid-json', 'unknown-model', 'truncated-gzip', 'simulated', 'unknown-format']));
    expect(pooled.rows).toEqual(alone.rows);

    const hashes = [...new Set(alone.rows.flatMap((row) => row.promptBlocks.map((block) => block.hash)))];
    const texts = async (ledger: Ledger): Promise<unknown[]> => (await ledger.query.promptTexts(hashes)).sort((a, b) => a.hash.localeCompare(b.hash));
    expect(await texts(pooled.ledger)).toEqual(await texts(alone.ledger));
    await alone.ledger.close();
    await pooled.ledger.close();
  });
});

describe('createIngestPool', () => {
  it('hands line buffers back to a worker, which writes its next lines into them', async () => {
    const { files } = await listSourceFiles(['sample'], { cwd: root, s3: () => Promise.reject(new Error('no S3 here')) });
    const logs = files.filter((file) => file.format === 'invocation-log');
    // One message in flight: the worker waits for each ack, and the buffers go back before it.
    const pool = createIngestPool(1, { pricing: { catalog: defaultCatalog(), overrides }, pricingVersion: pricing.version, config, fetchBodies: false, window: 1, rowLines: true });
    try {
      const id = pool.submit(logs);
      const messages: WorkerBatch[] = [];
      let handedBack: number | undefined;
      for (let message = await pool.next(id); ; message = await pool.next(id)) {
        const pieces = message.lines?.pieces ?? [];
        // Each message starts in the buffer handed back after the one before (its size: not a new one).
        if (handedBack !== undefined && pieces.length > 0) expect(pieces[0]?.text.buffer.byteLength).toBe(handedBack);
        messages.push({ ...message, lines: message.lines && { ...message.lines, pieces: pieces.map((piece) => ({ ...piece, text: piece.text.slice() })) } });
        const buffers = pieces.map((piece) => piece.text.buffer as ArrayBuffer);
        handedBack = buffers[0]?.byteLength;
        pool.recycle(buffers);
        // Transferred, not copied: detached here.
        expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true);
        pool.ack(id, message.done);
        if (message.done) break;
      }
      expect(messages.length).toBeGreaterThan(2);
      // The reused buffers held whole, well-formed lines: every line parses, one per key.
      // Each line's context was handed over with it or before.
      const sources = new Map<string, unknown>();
      const sourceAt = sharedColumns.findIndex((column) => column.name === 'source');
      const lines = messages.flatMap((message) => message.lines?.pieces ?? []).flatMap((piece) => {
        for (const context of piece.contexts) sources.set(context.id, context.values[sourceAt]);
        const text = new TextDecoder().decode(piece.text);
        expect(text.endsWith('\n')).toBe(true);
        const parsed = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as { context: string; requestId: string });
        expect(parsed.map((row) => `${String(sources.get(row.context))}\u0000${row.requestId}`)).toEqual(piece.keys);
        return parsed;
      });
      expect(lines.length).toBeGreaterThan(1500);
    } finally {
      await pool.close();
    }
  });
});

describe('createIngestPool close', () => {
  it('stops once, however often asked, and keeps buffers handed back after it', async () => {
    const pool = createIngestPool(1, { pricing: { catalog: defaultCatalog(), overrides }, pricingVersion: pricing.version, config, fetchBodies: false, window: 1, rowLines: true });
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
    const late = new ArrayBuffer(8);
    pool.recycle([late]);
    expect(late.byteLength).toBe(8);
  });
});

describe('encodeUsageRows', () => {
  it('round-trips rows, nulls and nested values included', async () => {
    const ledger = await openLedger(':memory:');
    await ingestSources({ sources: ['own/otel/traces.jsonl', 'own/usage-rows/usage-spill.jsonl'], cwd: root, ledger, pricing, config, workers: 0 });
    const rows = await ledger.query.listRequests();
    expect(rows.length).toBe(4);
    expect(decodeUsageRows(encodeUsageRows(rows))).toEqual(rows);
    expect(encodeUsageRows(rows).length).toBeLessThan(JSON.stringify(rows).length * 0.8);
    await ledger.close();
  });
});
