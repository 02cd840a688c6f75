import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './create-seeded-random.js';
import { formatIsoTimestamp } from './format-iso-timestamp.js';

describe('formatIsoTimestamp', () => {
  it('writes what toISOString writes, across the years a ledger holds', () => {
    const random = createSeededRandom(7);
    const end = Date.UTC(10000, 0, 1);
    for (let index = 0; index < 20_000; index += 1) {
      const ms = Math.floor(random() * end);
      expect(formatIsoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('gets month ends, leap days and century years right', () => {
    const instants = ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2000-03-01T00:00:00.000Z', '1900-03-01T12:00:00.000Z', '2100-02-28T00:00:00.001Z', '2100-03-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', '2026-07-23T23:45:01.000Z', '9999-12-31T23:59:59.999Z'];
    for (const instant of instants.filter((text) => Date.parse(text) >= 0)) expect(formatIsoTimestamp(Date.parse(instant))).toBe(instant);
    // Consecutive calls on one day and across days (the last day is remembered).
    const start = Date.parse('2026-02-28T23:59:59.500Z');
    for (let step = 0; step < 5; step += 1) expect(formatIsoTimestamp(start + step * 250)).toBe(new Date(start + step * 250).toISOString());
  });

  it('leaves other times to toISOString, errors included', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(10000, 0, 1), 8.64e15, 1_700_000_000_000.5]) expect(formatIsoTimestamp(ms)).toBe(new Date(ms).toISOString());
    expect(() => formatIsoTimestamp(Number.NaN)).toThrow(RangeError);
  });
});
