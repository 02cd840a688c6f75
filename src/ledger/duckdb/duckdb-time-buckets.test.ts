import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import { openLedger } from '../open-ledger.js';
import { duckdbDayBucket, duckdbHourBucket, duckdbMonthBucket } from './duckdb-time-buckets.js';

const edges = [
  '1969-12-31T23:59:59.500Z',
  '1970-01-01T00:00:00.000Z',
  '2024-02-29T23:59:59.999Z',
  '2024-03-01T00:00:00.000Z',
  '2026-03-29T01:30:00.000Z', // a European DST change: irrelevant in UTC, as it should be
  '2026-07-31T23:00:00.001Z',
  '2026-12-31T23:59:59.999Z',
];

describe('DuckDB time buckets', () => {
  it('give the same text as strftime on the UTC time, before 1970, on leap days and at month ends', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    for (const iso of edges) {
      const t = `CAST('${iso}' AS TIMESTAMPTZ)`;
      const [row] = (
        await connection.runAndReadAll(
          `SELECT ${duckdbHourBucket(t)} AS hour, ${duckdbDayBucket(t)} AS day, ${duckdbMonthBucket(t)} AS month,
                  strftime(date_trunc('hour', ${t}), '%Y-%m-%dT%H:00:00Z') AS hour_ref, strftime(${t}, '%Y-%m-%d') AS day_ref, strftime(${t}, '%Y-%m') AS month_ref`,
        )
      ).getRowObjectsJson();
      expect({ hour: row?.hour, day: row?.day, month: row?.month }, iso).toEqual({ hour: row?.hour_ref, day: row?.day_ref, month: row?.month_ref });
      expect(row?.day, iso).toBe(iso.slice(0, 10));
      expect(row?.hour, iso).toBe(`${iso.slice(0, 13)}:00:00Z`);
    }
    connection.closeSync();
  });

  it('are what the ledger groups by', async () => {
    const ledger = await openLedger(':memory:');
    await ledger.insertRows(edges.map((iso, index) => makeUsageRow({ requestId: `r${index}`, usageStart: iso, usageEnd: iso })));
    const days = await ledger.query.aggregate({ grain: 'day', orderBy: 'period' });
    expect(days.map((row) => row.period)).toEqual([...new Set(edges.map((iso) => iso.slice(0, 10)))]);
    const months = await ledger.query.aggregate({ grain: 'month', orderBy: 'period' });
    expect(months.map((row) => row.period)).toEqual([...new Set(edges.map((iso) => iso.slice(0, 7)))]);
    const hours = await ledger.query.aggregate({ grain: 'hour', orderBy: 'period' });
    expect(hours.map((row) => row.period)).toEqual([...new Set(edges.map((iso) => `${iso.slice(0, 13)}:00:00Z`))]);
    await ledger.close();
  });
});
