import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { metaSchema } from '../../dashboard/index.js';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { chooseDashboardLedger, registerDashboardCommand } from './dashboard-command.js';

const directory = mkdtempSync(join(tmpdir(), 'frugal-dashboard-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('frugal dashboard', () => {
  it('serves the API over the ledger until stopped, on loopback, and releases the ledger', async () => {
    const path = join(directory, 'ledger.duckdb');
    const ledger = await openLedger(path);
    await ledger.insertRows([makeUsageRow()]);
    await ledger.close();
    let out = '';
    const context: CommandContext = { io: { stdout: (text) => void (out += text), stderr: () => undefined, cwd: directory, env: {} }, exitCode: 0, loadPricing: () => Promise.resolve(createPricingCatalog()) };
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const program = new Command('frugal').exitOverride();
    registerDashboardCommand(program, context, () => ({ stopped, dispose: () => undefined }));
    const running = program.parseAsync(['dashboard', '--ledger', 'ledger.duckdb', '--port', '0', '--bench', 'runs'], { from: 'user' });
    for (let attempt = 0; attempt < 500 && !out.includes('Press Ctrl+C'); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /frugal dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect(out).toContain(`ledger ${path} (read only`);
    const meta = metaSchema.parse(await (await fetch(`${url}api/meta`)).json());
    expect(meta.bases.find((basis) => basis.basis === 'calls')?.rows).toBe(1);
    stop();
    await running;
    expect(out).toContain('frugal dashboard: stopped.');
    // The DuckDB file is free again for the next ingest.
    const again = await openLedger(path);
    await again.close();
  });

  it('without --ledger opens ./frugal.duckdb, else the sample ledger frugal review --sample left, with a note', () => {
    const cwd = mkdtempSync(join(directory, 'choose-'));
    expect(chooseDashboardLedger(undefined, cwd)).toEqual({ ledger: 'frugal.duckdb' });
    writeFileSync(join(cwd, 'frugal-sample.duckdb'), '');
    const sample = chooseDashboardLedger(undefined, cwd);
    expect(sample.ledger).toBe('frugal-sample.duckdb');
    expect(sample.note).toMatch(/No \.\/frugal\.duckdb here, so this is the SAMPLE ledger \.\/frugal-sample\.duckdb/);
    writeFileSync(join(cwd, 'frugal.duckdb'), '');
    expect(chooseDashboardLedger(undefined, cwd)).toEqual({ ledger: 'frugal.duckdb' });
    expect(chooseDashboardLedger('mine.duckdb', cwd)).toEqual({ ledger: 'mine.duckdb' });
  });

  it('without flags serves the sample ledger in a folder where only frugal review --sample ran', async () => {
    const cwd = mkdtempSync(join(directory, 'sample-'));
    const sample = await openLedger(join(cwd, 'frugal-sample.duckdb'));
    await sample.insertRows([makeUsageRow(), makeUsageRow({ requestId: 'second' })]);
    await sample.setMeta('sample', 'SAMPLE DATA: test');
    await sample.close();
    let out = '';
    const context: CommandContext = { io: { stdout: (text) => void (out += text), stderr: () => undefined, cwd, env: {} }, exitCode: 0, loadPricing: () => Promise.resolve(createPricingCatalog()) };
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const program = new Command('frugal').exitOverride();
    registerDashboardCommand(program, context, () => ({ stopped, dispose: () => undefined }));
    const running = program.parseAsync(['dashboard', '--port', '0'], { from: 'user' });
    for (let attempt = 0; attempt < 500 && !out.includes('Press Ctrl+C'); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(out).toContain('SAMPLE ledger ./frugal-sample.duckdb');
    const url = /frugal dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    const meta = metaSchema.parse(await (await fetch(`${url}api/meta`)).json());
    expect(meta.sample).toBe('SAMPLE DATA: test');
    expect(meta.bases.find((basis) => basis.basis === 'calls')?.rows).toBe(2);
    stop();
    await running;
  });

  it('exits 2 with what to do when the ledger file does not exist', async () => {
    const result = await runFrugal(['dashboard', '--ledger', 'missing.duckdb', '--port', '0'], { cwd: directory });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No ledger at .*missing\.duckdb\. Fill one with `frugal ingest`/);
  });
});
