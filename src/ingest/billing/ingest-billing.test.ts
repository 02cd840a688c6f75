import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/index.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { ingestSources } from '../ingest-sources.js';
import { readBillingExport } from './read-billing-export.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/billing');
const dir = mkdtempSync(join(tmpdir(), 'frugal-billing-'));
const pricing = createPricingCatalog();
const config = configSchema.parse({}).ingest;
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A CUR 2.0 export as AWS writes it (snake_case columns, MAP columns for product and tags), made by DuckDB. */
async function writeCurExports(unblended = '3.6'): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`CREATE TABLE cur AS SELECT * FROM (VALUES
    ('li-001', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'AmazonBedrock', 'USE1-Claude4Sonnet-input-tokens', 'InvokeModelInference', 1200.0, ${unblended}, '1K tokens', 'us-east-1', MAP {'servicename': 'Amazon Bedrock'}, MAP {'task': 'ticket-classification'}),
    ('li-002', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'AmazonBedrock', 'USE1-Claude4Sonnet-output-tokens', 'InvokeModelInference', 100.0, 1.5, '1K tokens', 'us-east-1', MAP {'servicename': 'Amazon Bedrock'}, MAP {'task': 'ticket-classification'}),
    ('li-003', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'AmazonBedrockService', 'USE1-Claude4.5Haiku-cache-write-1h-input-token-count-cross-region-global', 'InvokeModelInference', 1000.0, 2.0, '1K tokens', 'us-east-1', MAP {'servicename': 'Amazon Bedrock'}, MAP {'x': 'y'}),
    ('li-004', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'prod-4pmewlybdftbs', 'USE1-MP:USE1_MillionOutputTokens-Units', 'Usage', 0.2, 3.3, 'Units', 'us-east-1', MAP {'product_name': 'Claude Sonnet 4.5 (Amazon Bedrock Edition)'}, MAP {'x': 'y'}),
    ('li-005', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'AmazonBedrock', 'USE1-Claude3Haiku-ProvisionedThroughput-ModelUnits', 'ProvisionedThroughput', 24.0, 480.0, 'Hours', 'us-east-1', MAP {'servicename': 'Amazon Bedrock'}, MAP {'x': 'y'}),
    ('li-006', '2026-08-01T00:00:00Z/2026-09-01T00:00:00Z', 'Tax', TIMESTAMP '2026-08-01 00:00:00', TIMESTAMP '2026-09-01 00:00:00', '444455556666', 'AmazonBedrock', 'USE1-Claude4Sonnet-input-tokens', 'InvokeModelInference', 0.0, 0.36, '1K tokens', 'us-east-1', MAP {'servicename': 'Amazon Bedrock'}, MAP {'x': 'y'}),
    ('li-007', '2026-08-03T00:00:00Z/2026-08-04T00:00:00Z', 'Usage', TIMESTAMP '2026-08-03 00:00:00', TIMESTAMP '2026-08-04 00:00:00', '444455556666', 'AmazonEC2', 'USE1-BoxUsage:m5.large', 'RunInstances', 24.0, 2.3, 'Hrs', 'us-east-1', MAP {'servicename': 'Amazon Elastic Compute Cloud'}, MAP {'x': 'y'})
  ) AS t(identity_line_item_id, identity_time_interval, line_item_line_item_type, line_item_usage_start_date, line_item_usage_end_date,
         line_item_usage_account_id, line_item_product_code, line_item_usage_type, line_item_operation, line_item_usage_amount,
         line_item_unblended_cost, pricing_unit, product_region_code, product, resource_tags)`);
  await db.run(`COPY cur TO '${join(dir, 'cur.parquet')}' (FORMAT parquet)`);
  // The CSV export writes MAP columns as JSON text.
  const csv = 'SELECT * REPLACE (CAST(to_json(product) AS VARCHAR) AS product, CAST(to_json(resource_tags) AS VARCHAR) AS resource_tags) FROM cur';
  mkdirSync(join(dir, 'cur'), { recursive: true });
  await db.run(`COPY (${csv}) TO '${join(dir, 'cur', 'cur-00001.csv.gz')}' (HEADER, COMPRESSION gzip)`);
  await db.run(`COPY (${csv}) TO '${join(dir, 'cur.csv')}' (HEADER)`);
  db.closeSync();
  instance.closeSync();
}

describe('FOCUS 1.0 sample (FinOps Foundation, CC BY 4.0)', () => {
  it('parses all 1,000 rows and ignores every one, since none is Bedrock', async () => {
    const exported = await readBillingExport(join(fixtures, 'focus_sample.csv'));
    expect(exported).toMatchObject({ format: 'focus', totalRows: 1000, otherAiRows: 9, bedrockRows: [] });
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: [join(fixtures, 'focus_sample.csv')], cwd: dir, ledger, pricing, config });
    expect(report.billing).toMatchObject({ files: 1, rowsRead: 1000, bedrockRows: 0, otherRows: 1000, otherAiRows: 9 });
    expect(report.records.valid).toBe(0);
    await ledger.close();
  });
});

describe('FOCUS Bedrock rows', () => {
  it('maps usage types to buckets and modes, takes the bill as the cost, and compares it with the catalog', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: [join(fixtures, 'focus-bedrock.csv')], cwd: dir, ledger, pricing, config });
    expect(report.billing).toMatchObject({ rowsRead: 7, bedrockRows: 6, otherRows: 1, otherAiRows: 1, nonUsageRows: 1, billedCost: 10.83, comparedBilledCost: 10.83, comparedCatalogCost: 10.95 });
    expect(report.records).toMatchObject({ read: 5, valid: 5, inserted: 5, skipped: 0 });
    const rows = await ledger.query.listRequests({ orderBy: 'cost' });
    const byType = Object.fromEntries(rows.map((row) => [row.usageType, row]));
    expect(byType['USE1-Claude4Sonnet-input-tokens']).toMatchObject({ source: 'focus', modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', inputTokens: 1_200_000, cost: 3.6, billedCost: 3.6, catalogCost: 3.6, costBasis: 'billed', accountId: '444455556666', requestCount: null, usageStart: '2026-08-03T00:00:00.000Z' });
    expect(byType['USE1-Claude4Sonnet-output-tokens']).toMatchObject({ outputTokens: 80_000, cost: 1.08, catalogCost: 1.2, task: 'document-extraction', taskSource: 'metadata', team: 'lending-ops', pricingNote: expect.stringMatching(/billed \$1\.08 vs catalog \$1\.2 \(-10\.0%\)/) });
    expect(byType['USE1-Claude4Sonnet-cache-read-input-token-count']).toMatchObject({ cacheReadTokens: 5_000_000, costByBucket: { cacheRead: 1.5 } });
    expect(byType['USE1-Claude4Sonnet-input-tokens-batch']).toMatchObject({ mode: 'batch', inputTokens: 2_000_000, catalogCost: 3 });
    expect(byType['USE1-MP:USE1_InputTokenCount-Units']).toMatchObject({ modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', serviceName: 'Claude Sonnet 4.5 (Amazon Bedrock Edition)', inputTokens: 500_000, catalogCost: 1.65 });
    expect((await ledger.query.summary()).cost).toBe(10.83);
    await ledger.close();
  });
});

describe('CUR 2.0 exports written by DuckDB', () => {
  beforeAll(() => writeCurExports());

  it.each(['cur.parquet', 'cur.csv', 'cur/cur-00001.csv.gz'])('%s: Bedrock and Marketplace rows in, tax and other services counted out', async (name) => {
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: [join(dir, name)], cwd: dir, ledger, pricing, config });
    expect(report.billing).toMatchObject({ rowsRead: 7, bedrockRows: 6, otherRows: 1, nonUsageRows: 1, billedCost: 490.4 });
    expect(report.records).toMatchObject({ valid: 5, inserted: 5 });
    const rows = await ledger.query.listRequests({ orderBy: 'cost' });
    expect(rows.map((row) => [row.requestId, row.modelId, row.mode, row.cost])).toEqual([
      ['li-005@2026-08-03T00:00:00.000Z', 'anthropic.claude-3-haiku-20240307-v1:0', 'provisioned', 480],
      ['li-001@2026-08-03T00:00:00.000Z', 'anthropic.claude-sonnet-4-20250514-v1:0', 'on-demand', 3.6],
      ['li-004@2026-08-03T00:00:00.000Z', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'on-demand', 3.3],
      ['li-003@2026-08-03T00:00:00.000Z', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'on-demand', 2],
      ['li-002@2026-08-03T00:00:00.000Z', 'anthropic.claude-sonnet-4-20250514-v1:0', 'on-demand', 1.5],
    ]);
    const haiku = rows.find((row) => row.requestId.startsWith('li-003'));
    expect(haiku).toMatchObject({ cacheWrite1hTokens: 1_000_000, inferenceScope: 'global', catalogCost: 2, pricingNote: null });
    expect(rows.find((row) => row.requestId.startsWith('li-004'))).toMatchObject({ outputTokens: 200_000, catalogCost: 3.3 });
    expect(rows.find((row) => row.requestId.startsWith('li-005'))?.pricingNote).toMatch(/no token direction/);
    expect(rows.find((row) => row.requestId.startsWith('li-001'))).toMatchObject({ task: 'ticket-classification', sourceLine: name === 'cur.parquet' ? null : 2 });
    await ledger.close();
  });

  it('ingesting the same export twice changes nothing; a revised export replaces the revised line', async () => {
    const ledger = await openLedger(join(dir, 'cur-ledger.duckdb'));
    await ingestSources({ sources: [join(dir, 'cur.csv')], cwd: dir, ledger, pricing, config });
    const again = await ingestSources({ sources: [join(dir, 'cur.csv')], cwd: dir, ledger, pricing, config, reread: true });
    expect(again.records).toMatchObject({ valid: 5, inserted: 0, alreadyInLedger: 5, replaced: 0 });
    await writeCurExports('3.42');
    const revised = await ingestSources({ sources: [join(dir, 'cur.csv')], cwd: dir, ledger, pricing, config });
    expect(revised.records).toMatchObject({ inserted: 0, alreadyInLedger: 4, replaced: 1 });
    expect((await ledger.query.summary()).cost).toBe(490.22);
    await ledger.close();
    await writeCurExports();
  });

  it('refuses a CSV that is neither CUR nor FOCUS, and says why', async () => {
    writeFileSync(join(dir, 'orders.csv'), 'order_id,amount\n1,2\n');
    const ledger = await openLedger(':memory:');
    const report = await ingestSources({ sources: [join(dir, 'orders.csv')], cwd: dir, ledger, pricing, config });
    expect(report.records.valid).toBe(0);
    expect(report.issues).toEqual([
      { kind: 'unsupported-billing-file', count: 1, examples: [{ kind: 'unsupported-billing-file', file: 'orders.csv', line: null, message: expect.stringMatching(/not a CUR or FOCUS export/) }] },
    ]);
    await ledger.close();
  });
});
