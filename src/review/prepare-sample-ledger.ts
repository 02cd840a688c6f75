import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
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
  /** The folder of the sample's invocation logs, kept beside the ledger. */
  logs: string;
  ingest: IngestReport;
}

/** The sample's logs sit beside its ledger (`frugal-sample.duckdb` → `frugal-sample-logs/`). */
const sampleLogsFolder = (ledgerPath: string): string => `${ledgerPath.replace(/\.duckdb$/i, '')}-logs`;
/** Marks a folder of logs as the sample's own, so a re-run may replace it (a dotfile: ingest walks past it). */
const sampleMarker = '.frugal-sample';

/**
 * A fresh ledger of the sample month: the seeded generator writes a month of invocation logs in
 * AWS's layout to a folder beside the ledger (kept, as real logs are: `frugal batch plan --ledger`
 * reads the exact requests back from them), `ingestSources` reads them as it would real logs, and
 * the ledger is marked as sample data (meta `sample`), so every report says so. An existing file or
 * folder is replaced only when it is itself the sample's; anything else is left alone.
 */
export async function prepareSampleLedger(options: { path: string; cwd: string; pricing: PricingCatalog; ingest: IngestConfig; seed?: number; days?: number }): Promise<SampleLedger> {
  const path = resolve(options.cwd, options.path);
  const folder = sampleLogsFolder(path);
  if (existsSync(folder) && !existsSync(join(folder, sampleMarker))) throw new InvalidArgumentError('--ledger', `${folder} exists and is not the sample's logs; frugal review --sample will not overwrite it. Pass --ledger with another path.`);
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
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, sampleMarker), `${sampleDataLabel}\n`);
  const logs = await generateSampleLogs({ out: folder, seed: options.seed ?? 42, days: options.days ?? 30 });
  const ledger = await openLedger(path);
  try {
    const ingest = await ingestSources({ sources: [folder], ledger, pricing: options.pricing, config: options.ingest, cwd: options.cwd });
    await ledger.setMeta(sampleMetaKey, sampleDataLabel);
    return { ledger, path, label: sampleDataLabel, records: logs.records, logs: folder, ingest };
  } catch (error) {
    await ledger.close();
    throw error;
  }
}
