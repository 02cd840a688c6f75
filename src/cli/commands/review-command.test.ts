import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { openLedger } from '../../ledger/index.js';
import { reviewReportSchema } from '../../review/index.js';
import { sampleDataLabel } from '../../sample/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'frugal-review-cli-'));
let sample: Awaited<ReturnType<typeof runFrugal>>;

beforeAll(async () => {
  // Two days of the sample keep the test fast; the README shows the month.
  sample = await runFrugal(['review', '--sample', '--sample-days', '2', '--out', 'review.html'], { cwd });
}, 60_000);

describe('frugal review', () => {
  it('--sample: generates, ingests and reviews the labelled sample month into ./frugal-sample.duckdb', () => {
    expect(sample.stderr).toMatch(/^Generating 2 days of SAMPLE invocation logs \(seed 42\) and ingesting them into frugal-sample\.duckdb/);
    expect(sample.code).toBe(0);
    expect(sample.stdout.startsWith(`Sample ledger: frugal-sample.duckdb (a fresh DuckDB file of `)).toBe(true);
    expect(sample.stdout).toContain(sampleDataLabel);
    expect(sample.stdout).toMatch(/Savings plan, levers in compounding order/);
    expect(sample.stdout).toMatch(/\[Batch inference\] Run document-extraction \(doc-pipeline\) on Claude Sonnet 4 as batch jobs/);
    expect(sample.stdout).toMatch(/\[Prompt caching\] Cache the repeated prompt prefix on Claude Sonnet 4 \(after moving the changing text out of it\)/);
    expect(sample.stdout).toMatch(/\[Model routing \/ tier fit\] Move ticket-classification from Claude Sonnet 4 \(tier 2\)/);
    expect(existsSync(join(cwd, 'frugal-sample.duckdb'))).toBe(true);
  });

  it('writes a self-contained HTML report: the sample label, inline SVG charts, no scripts or remote resources', () => {
    const html = readFileSync(join(cwd, 'review.html'), 'utf8');
    expect(html).toContain(sampleDataLabel);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/i);
    expect(html).toContain('Savings plan');
  });

  it('--json: every finding\'s evidence is ledger rows: its example ids exist and its filter counts its calls', async () => {
    const run = await runFrugal(['review', '--ledger', 'frugal-sample.duckdb', '--json'], { cwd });
    expect(run.code).toBe(0);
    const report = reviewReportSchema.parse(JSON.parse(run.stdout));
    expect(report.sample).toBe(sampleDataLabel);
    expect(report.plan.saving).toBeGreaterThan(0);
    const findings = report.levers.flatMap((lever) => lever.findings);
    expect(new Set(findings.map((finding) => finding.lever))).toEqual(new Set(['batch', 'caching', 'routing', 'caps']));
    expect(report.plan.saving).toBeCloseTo(findings.reduce((sum, finding) => sum + finding.plannedSaving, 0), 5);
    const ledger = await openLedger(join(cwd, 'frugal-sample.duckdb'));
    try {
      for (const finding of findings) {
        const ids = finding.evidence.exampleRequestIds;
        expect(ids.length).toBeGreaterThan(0);
        const rows = await ledger.query.listRequests({ filter: { requestIds: ids } });
        expect(rows.map((row) => row.requestId).sort()).toEqual([...ids].sort());
        const [counted] = await ledger.query.aggregate({ filter: { ...finding.evidence.filter, sources: finding.evidence.filter.sources as ('invocation-log')[] | undefined, modes: finding.evidence.filter.modes as ('on-demand')[] | undefined } });
        expect(counted?.requests).toBe(finding.evidence.requests);
        expect(counted?.cost).toBeCloseTo(finding.affectedSpend, 5);
      }
    } finally {
      await ledger.close();
    }
  });

  it('the batch finding\'s command runs on the sample: batch plan reads the exact requests back from the logs kept beside the ledger', async () => {
    expect(existsSync(join(cwd, 'frugal-sample-logs', '.frugal-sample'))).toBe(true);
    const review = reviewReportSchema.parse(JSON.parse((await runFrugal(['review', '--ledger', 'frugal-sample.duckdb', '--json'], { cwd })).stdout));
    const command = review.levers.flatMap((lever) => lever.findings).find((finding) => finding.lever === 'batch')?.command;
    expect(command).toMatch(/^frugal batch plan --ledger frugal-sample\.duckdb --task document-extraction /);
    const plan = await runFrugal([...(command as string).split(' ').slice(1), '--out', 'doc-plan'], { cwd });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const planned = /Planned ([\d,]+) records/.exec(plan.stdout)?.[1];
    expect(plan.stdout).toContain(`note: ${planned} of ${planned} requests read back exactly from their invocation logs`);
    // The documents themselves, far past the ledger's 160-character preview of a user message.
    const jobs = join(cwd, 'doc-plan', 'jobs');
    const records = readdirSync(jobs, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.jsonl'))
      .flatMap((name) => readFileSync(join(jobs, name), 'utf8').trim().split('\n'));
    expect(records.length).toBe(Number(planned?.replaceAll(',', '')));
    const userText = (line: string): string => (JSON.parse(line) as { modelInput: { messages: { content: { text: string }[] }[] } }).modelInput.messages[0]?.content[0]?.text ?? '';
    expect(Math.min(...records.map((line) => userText(line).length))).toBeGreaterThan(160);

    // Without the logs, the ledger alone cannot rebuild these calls, and the error says why.
    renameSync(join(cwd, 'frugal-sample-logs'), join(cwd, 'logs-moved'));
    try {
      const without = await runFrugal([...(command as string).split(' ').slice(1), '--out', 'doc-plan-2'], { cwd });
      expect(without.code).toBe(2);
      expect(without.stderr).toMatch(/requests not read from their logs \(the first: the log file is no longer at .*frugal-sample-logs\/AWSLogs\/.*\), so rebuilt from the ledger where it could; skipped [\d,]+ ledger rows: user message longer than the ledger's 160-character preview/);
    } finally {
      renameSync(join(cwd, 'logs-moved'), join(cwd, 'frugal-sample-logs'));
    }
  });

  it('refuses to overwrite a ledger that is not a sample, and says how to start when there is no ledger', async () => {
    const missing = await runFrugal(['review', '--ledger', 'nothing.duckdb'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('frugal: No ledger at nothing.duckdb. Read your usage into one first (frugal ingest AWSLogs/ ...), or try the review on sample data: frugal review --sample.\n');
    const real = await openLedger(join(cwd, 'mine.duckdb'));
    await real.close();
    const refused = await runFrugal(['review', '--sample', '--ledger', 'mine.duckdb'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/mine\.duckdb exists and is not a sample ledger; frugal review --sample will not overwrite it/);
    mkdirSync(join(cwd, 'other-logs', 'AWSLogs'), { recursive: true });
    const folder = await runFrugal(['review', '--sample', '--ledger', 'other.duckdb'], { cwd });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/other-logs exists and is not the sample's logs; frugal review --sample will not overwrite it/);
    expect(existsSync(join(cwd, 'other-logs', 'AWSLogs'))).toBe(true);
  });
});
