import { cpSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../../test/helpers/build-invocation-log-tree.js';
import type { UsageRow } from '../../core/index.js';
import { configSchema } from '../../config/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../../pricing/index.js';
import { generateSampleLogs } from '../../sample/index.js';
import type { IngestReport } from '../ingest-report.js';
import { ingestSources } from '../ingest-sources.js';
import { decodeUsageRows, encodeUsageRows } from './encode-usage-rows.js';

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
