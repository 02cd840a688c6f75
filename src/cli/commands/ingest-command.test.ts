import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, provisionedArn } from '../../../test/helpers/build-invocation-log-tree.js';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { runModuleScript } from '../../../test/helpers/run-module-script.js';
import type { IngestReport } from '../../ingest/index.js';
import { openLedger } from '../../ledger/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'frugal-cli-ingest-'));
buildInvocationLogTree(join(cwd, 'logs'));
writeFileSync(join(cwd, 'frugal.yaml'), `pricing:\n  modelAliases:\n    "${provisionedArn}": anthropic.claude-3-haiku-20240307-v1:0\ningest:\n  rules:\n    - task: greeting\n      metadata: { app: "^web" }\n`);
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('frugal ingest', () => {
  it('creates ./frugal.duckdb on first use, prints what it read and what it skipped, with file and line', async () => {
    const run = await runFrugal(['ingest', 'logs'], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, 'frugal.duckdb'))).toBe(true);
    expect(run.stdout).toMatch(/Ingested into .*frugal\.duckdb \(DuckDB\)/);
    expect(run.stdout).toMatch(/files\s+│\s+10 invocation-log, 0 billing, 1 unreadable or cut short/);
    expect(run.stdout).toMatch(/already in the ledger\s+│\s+0/);
    expect(run.stdout).toMatch(/unknown-model\s+│\s+1\s+│\s+logs\/AWSLogs\/.*mixed\.json\.gz:4\s+│\s+Unknown model id "acme\.giant-model-v9:0"/);
    expect(run.stdout).toMatch(/truncated-gzip\s+│\s+1\s+│\s+logs\/AWSLogs\/.*truncated\.json\.gz:\d+/);
  });

  it('reads local files without loading the AWS SDK', () => {
    // In a process of its own: the SDK loads through Node's CommonJS loader, whose cache tells.
    const script = `
      import { createRequire } from 'node:module';
      const { runCli } = await import(${JSON.stringify(new URL('../run-cli.ts', import.meta.url).href)});
      const code = await runCli(['ingest', 'logs', '--ledger', 'no-sdk.duckdb', '--json'], { stdout: () => {}, stderr: () => {}, cwd: ${JSON.stringify(cwd)}, env: process.env });
      const loaded = Object.keys(createRequire(${JSON.stringify(`${cwd}/`)}).cache).filter((path) => path.includes('@aws-sdk/client-s3'));
      console.log(JSON.stringify({ code, loaded: loaded.length }));`;
    expect(runModuleScript(script)).toEqual({ code: 0, loaded: 0 });
  });

  it('skips the files it ingested before, reads them again with --reread, and changes nothing either way', async () => {
    const skipped = await runFrugal(['ingest', 'logs'], { cwd });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^Nothing new for .*frugal\.duckdb: 10 file\(s\) unchanged since they were ingested \(--reread reads them again\)\.\n$/);
    const run = await runFrugal(['ingest', 'logs', '--json', '--reread'], { cwd });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as IngestReport;
    expect(report.files.unchanged).toBe(0);
    expect(report.records.inserted).toBe(0);
    expect(report.records.alreadyInLedger).toBe(report.records.valid);
    expect(report.issues.map((issue) => issue.kind)).toEqual(['invalid-json', 'unknown-schema', 'unknown-model', 'truncated-gzip']);
    const ledger = await openLedger(join(cwd, 'frugal.duckdb'));
    expect((await ledger.query.summary()).rows).toBe(report.records.valid);
    await ledger.close();
  });

  it('writes to the ledger named by --ledger and reads billing exports', async () => {
    const run = await runFrugal(['ingest', join(import.meta.dirname, '../../../test/fixtures/billing/focus-bedrock.csv'), '--ledger', 'other/bill.duckdb'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Billing: 7 rows read; 6 Amazon Bedrock \(1 tax\/credit\/fee lines left out\); 1 other services ignored \(1 AI and Machine Learning, not Bedrock\)\. Billed \$10\.83; the catalog prices \$10\.83 of it at \$10\.95\./);
    expect(existsSync(join(cwd, 'other', 'bill.duckdb'))).toBe(true);
  });

  it('exits 2 when nothing valid was read', async () => {
    writeFileSync(join(cwd, 'bad.jsonl'), 'not json\n{"schemaType":"ModelInvocationLog","schemaVersion":"9.9"}\n');
    const run = await runFrugal(['ingest', 'bad.jsonl', '--ledger', 'bad.duckdb'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing valid was read/);
    expect(run.stdout).toMatch(/invalid-json\s+│\s+1\s+│\s+bad\.jsonl:1/);
    expect(run.stdout).toMatch(/unknown-schema\s+│\s+1\s+│\s+bad\.jsonl:2\s+│\s+schemaVersion "9\.9"/);
  });

  it('exits 2 with a usage message without sources', async () => {
    const run = await runFrugal(['ingest'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing required argument 'sources'/);
  });
});
