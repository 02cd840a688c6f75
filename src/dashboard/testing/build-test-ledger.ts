import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCli } from '../../cli/run-cli.js';
import { ingestConfigSchema } from '../../config/index.js';
import { ingestSources } from '../../ingest/index.js';
import { type Ledger, openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { generateSampleLogs, sampleDataLabel } from '../../sample/index.js';
import { createSyntheticUsageRows } from './create-synthetic-usage-rows.js';

export interface TestLedger {
  directory: string;
  ledgerPath: string;
  benchDirectory: string;
  /** Closes nothing the caller opened; removes the folder. */
  remove(): Promise<void>;
}

const repo = resolve(import.meta.dirname, '../../..');

/**
 * A dashboard fixture in a temporary folder: the sample month's invocation logs ingested as
 * `frugal review --sample` does (a fifth of its volume, to stay quick), plus a few hundred
 * synthetic calls on other providers, families and teams so every filter has choices, marked as
 * sample data; and, with `bench`, a small `frugal bench` run against the in-process emulator.
 */
export async function buildTestLedger(options: { root: string; bench?: boolean; syntheticRows?: number }): Promise<TestLedger> {
  await mkdir(options.root, { recursive: true });
  const directory = await mkdtemp(join(options.root, 'fixture-'));
  const ledgerPath = join(directory, 'frugal-sample.duckdb');
  const logs = join(directory, 'logs');
  const pricing = createPricingCatalog();
  await generateSampleLogs({ out: logs, seed: 42, days: 30, scale: 0.2 });
  const ledger: Ledger = await openLedger(ledgerPath);
  try {
    await ingestSources({ sources: [logs], ledger, pricing, config: ingestConfigSchema.parse({}), cwd: directory });
    for (const rows of createSyntheticUsageRows({ count: options.syntheticRows ?? 600, start: '2026-07-01', days: 30, seed: 3, idPrefix: 'fixture' }, pricing, 1000)) {
      await ledger.insertRows(rows.filter((row) => row.provider !== 'bedrock'));
    }
    await ledger.setMeta('sample', sampleDataLabel);
  } finally {
    await ledger.close();
  }
  await rm(logs, { recursive: true, force: true });
  const benchDirectory = join(directory, 'frugal-bench');
  if (options.bench === true) {
    let errors = '';
    const code = await runCli(
      ['bench', join(repo, 'examples/bench/support-tickets.yaml'), '--emulator', join(repo, 'examples/bench/emulator-models.yaml'), '--limit', '12', '--out', join(benchDirectory, 'support-tickets'), '--no-png'],
      { stdout: () => undefined, stderr: (text) => (errors += text), cwd: directory, env: {} },
    );
    if (code !== 0) throw new Error(`frugal bench for the fixture exited ${code}: ${errors}`);
  }
  return { directory, ledgerPath, benchDirectory, remove: () => rm(directory, { recursive: true, force: true }) };
}
