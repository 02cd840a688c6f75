import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../test/helpers/build-invocation-log-tree.js';
import { type PostgresServer, findPostgresBinDir, startPostgres } from '../../test/helpers/start-postgres.js';
import { configSchema } from '../config/index.js';
import { openLedger } from '../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../pricing/index.js';
import { ingestSources } from './ingest-sources.js';

const binDir = findPostgresBinDir();
const pricing = createPricingCatalog(defaultCatalog(), { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } });
const config = configSchema.parse({}).ingest;

describe.skipIf(binDir === undefined)('ingest into a PostgreSQL ledger (real server)', () => {
  const root = mkdtempSync(join(tmpdir(), 'frugal-ingest-pg-'));
  let server: PostgresServer;
  beforeAll(async () => {
    buildInvocationLogTree(join(root, 'logs'));
    server = await startPostgres(binDir as string);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('gives the same rows as DuckDB, and ingesting twice changes nothing', async () => {
    const ledger = await openLedger(await server.createDatabase('ingest'));
    const duck = await openLedger(':memory:');
    const first = await ingestSources({ sources: ['logs', join(import.meta.dirname, '../../test/fixtures/billing/focus-bedrock.csv')], cwd: root, ledger, pricing, config });
    await ingestSources({ sources: ['logs', join(import.meta.dirname, '../../test/fixtures/billing/focus-bedrock.csv')], cwd: root, ledger: duck, pricing, config });
    expect(first.records.inserted).toBe(first.records.valid);
    const before = await ledger.query.summary();
    // Unchanged files are skipped; read again on request, they add nothing.
    const skipped = await ingestSources({ sources: ['logs', join(import.meta.dirname, '../../test/fixtures/billing/focus-bedrock.csv')], cwd: root, ledger, pricing, config });
    expect(skipped.records.read).toBe(0);
    expect(skipped.files.unchanged).toBeGreaterThan(0);
    const again = await ingestSources({ sources: ['logs', join(import.meta.dirname, '../../test/fixtures/billing/focus-bedrock.csv')], cwd: root, ledger, pricing, config, reread: true });
    expect(again.records).toMatchObject({ inserted: 0, replaced: 0, alreadyInLedger: first.records.valid });
    expect(await ledger.query.summary()).toEqual(before);
    expect(before).toEqual(await duck.query.summary());
    expect(await ledger.query.listRequests({ limit: 1000 })).toEqual(await duck.query.listRequests({ limit: 1000 }));
    await Promise.all([ledger.close(), duck.close()]);
  });
});
