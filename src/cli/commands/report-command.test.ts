import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../../test/helpers/make-review-rows.js';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { spendReportSchema } from '../../report/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'frugal-report-cli-'));

beforeAll(async () => {
  const catalog = createPricingCatalog();
  const ledger = await openLedger(join(cwd, 'frugal.duckdb'));
  await ledger.insertRows(Array.from({ length: 96 }, (_, hour) => makePricedRow(catalog, { requestId: `r-${hour}`, usageStart: minutesAfter('2026-07-01T00:00:00.000Z', hour * 60 + 5), task: hour % 2 === 0 ? 'triage' : 'tagging', promptBlocks: [] })));
  await ledger.close();
});

describe('frugal report', () => {
  it('prints every view\'s table and writes the HTML, JSON and SVG files with --out', async () => {
    const run = await runFrugal(['report', '--out', 'reports'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*reports\/report\.html, report\.json and 6 SVG charts\.\n\nSpend by provider per month \(2025-07-05 to 2026-07-05\)\n/);
    for (const title of ['Cached vs uncached spend by model', 'Cost by model family per day (2026-06-21 to 2026-07-05)', 'Tokens by model and bucket', 'Tokens per hour by provider (2026-07-03 to 2026-07-05)', 'Cost per task']) expect(run.stdout).toContain(title);
    for (const file of ['report.html', 'report.json', 'spend-by-provider-month.svg', 'cached-vs-uncached.svg', 'cost-by-family-day.svg', 'tokens-by-model-bucket.svg', 'hourly-tokens-by-provider.svg', 'cost-by-task-day.svg']) expect(existsSync(join(cwd, 'reports', file))).toBe(true);
    expect(spendReportSchema.parse(JSON.parse(readFileSync(join(cwd, 'reports', 'report.json'), 'utf8'))).views.tasks?.totals.map((row) => row.task)).toEqual(['tagging', 'triage']);
  });

  it('shows one view, prints JSON, and rejects an unknown view', async () => {
    const one = await runFrugal(['report', 'hourly', '--since', '2026-07-04', '--json'], { cwd });
    expect(one.code).toBe(0);
    const report = spendReportSchema.parse(JSON.parse(one.stdout));
    expect(Object.keys(report.views)).toEqual(['hourly']);
    expect(report.views.hourly?.hours.length).toBe(24);
    const bad = await runFrugal(['report', 'everything'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('frugal: The view must be one of spend, models, tokens, hourly, tasks, got "everything".\n');
  });
});
