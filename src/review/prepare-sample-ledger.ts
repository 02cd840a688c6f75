import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IngestConfig } from '../config/index.js';
import { InvalidArgumentError } from '../core/index.js';
import { type IngestReport, ingestSources } from '../ingest/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { generateSampleLogs, sampleDataLabel } from '../sample/index.js';
import { sampleMetaKey } from '../report/index.js';

/** Where `frugal review --sample` puts its ledger unless told otherwise: next to the user's own, never in it. */
export const defaultSampleLedgerPath = 'frugal-sample.duckdb';

export interface SampleLedger {
  ledger: Ledger;
  path: string;
  label: string;
  records: number;
  ingest: IngestReport;
}

/**
 * A fresh ledger of the sample month: the seeded generator writes a month of invocation logs in
 * AWS's layout to a temporary folder, `ingestSources` reads them as it would real logs, and the
 * ledger is marked as sample data (meta `sample`), so every report says so. An existing file is
 * replaced only when it is itself a sample ledger; anything else is left alone.
 */
export async function prepareSampleLedger(options: { path: string; cwd: string; pricing: PricingCatalog; ingest: IngestConfig; seed?: number; days?: number }): Promise<SampleLedger> {
  const path = resolve(options.cwd, options.path);
  if (existsSync(path)) {
    const existing = await openLedger(path, { migrate: false });
    let marked: string | undefined;
    try {
      marked = await existing.getMeta(sampleMetaKey);
    } catch {
      marked = undefined;
    } finally {
      await existing.close();
    }
    if (marked === undefined) throw new InvalidArgumentError('--ledger', `${path} exists and is not a sample ledger; frugal review --sample will not overwrite it. Pass --ledger with another path.`);
    await rm(path, { force: true });
    await rm(`${path}.wal`, { force: true });
  }
  const folder = await mkdtemp(join(tmpdir(), 'frugal-sample-logs-'));
  try {
    const logs = await generateSampleLogs({ out: folder, seed: options.seed ?? 42, days: options.days ?? 30 });
    const ledger = await openLedger(path);
    try {
      const ingest = await ingestSources({ sources: [folder], ledger, pricing: options.pricing, config: options.ingest, cwd: options.cwd });
      await ledger.setMeta(sampleMetaKey, sampleDataLabel);
      return { ledger, path, label: sampleDataLabel, records: logs.records, ingest };
    } catch (error) {
      await ledger.close();
      throw error;
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
