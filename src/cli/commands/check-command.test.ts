import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../../test/helpers/make-review-rows.js';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { openLedger } from '../../ledger/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { checkResultSchema } from '../../report/index.js';

const cwd = mkdtempSync(join(tmpdir(), 'frugal-check-cli-'));

beforeAll(async () => {
  const catalog = createPricingCatalog();
  const ledger = await openLedger(join(cwd, 'usage.duckdb'));
  const rows = Array.from({ length: 21 * 24 }, (_, hour) =>
    makePricedRow(catalog, { requestId: `r-${hour}`, usageStart: minutesAfter('2026-07-01T00:00:00.000Z', hour * 60 + 5), task: 'triage', team: 'support', inputTokens: 2000, outputTokens: 100, cachePoints: 0, promptBlocks: [] }),
  );
  await ledger.insertRows(rows);
  await ledger.close();
  writeFileSync(join(cwd, 'frugal.yaml'), 'budgets:\n  - name: support\n    team: support\n    monthly: 1\n');
  writeFileSync(join(cwd, 'clean.yaml'), 'alarms:\n  anomaly:\n    threshold: 4\n');
});

describe('frugal check', () => {
  it('exits 1 when an alarm fires (a budget breached), with the alarm on stdout', async () => {
    const run = await runFrugal(['check', '--ledger', 'usage.duckdb'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^frugal check of .*usage\.duckdb, as of 2026-07-21 \(latest call 2026-07-21 23:05 UTC\)\n2026-07: \$[\d.]+ so far; forecast \$[\d.]+ by month end \(80% interval/);
    expect(run.stdout).toMatch(/ALARM \[budget\] Budget "support" is over: \$\d+\.\d\d spent in 2026-07 against \$1\.00/);
  });

  it('exits 0 when nothing fires, reading --config after the command', async () => {
    const run = await runFrugal(['check', '--ledger', 'usage.duckdb', '--config', 'clean.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No alarms.');
  });

  it('--json is the dashboard\'s schema, with the same exit code', async () => {
    const run = await runFrugal(['check', '--ledger', 'usage.duckdb', '--json', '--as-of', '2026-07-14'], { cwd });
    expect(run.code).toBe(1);
    const result = checkResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({ asOf: '2026-07-14', fired: true });
    expect(result.forecast.remainingDays).toBe(17);
  });

  it('exits 2 on bad input', async () => {
    expect((await runFrugal(['check', '--ledger', 'usage.duckdb', '--as-of', 'yesterday'], { cwd })).code).toBe(2);
    const missing = await runFrugal(['check', '--ledger', 'none.duckdb'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No ledger at none\.duckdb/);
  });
});
