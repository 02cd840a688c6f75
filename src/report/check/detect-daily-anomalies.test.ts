import { describe, expect, it } from 'vitest';
import { type DailyCost, detectDailyAnomalies, fillDays } from './detect-daily-anomalies.js';

const dayMs = 86_400_000;
/** Six weeks from Monday 2026-06-01: weekdays about $100, weekends about $30, with a little noise. */
function seasonal(days = 42, start = '2026-06-01'): DailyCost[] {
  return Array.from({ length: days }, (_, index) => {
    const date = new Date(Date.parse(`${start}T00:00:00Z`) + index * dayMs);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const noise = ((index * 37) % 11) - 5;
    return { day: date.toISOString().slice(0, 10), cost: (weekend ? 30 : 100) + noise * (weekend ? 0.3 : 1) };
  });
}

describe('detectDailyAnomalies', () => {
  it('flags a spike against the same weekday, and not a normal Monday after a quiet weekend', () => {
    const series = seasonal();
    const spike = series.findIndex((point) => point.day === '2026-07-08'); // a Wednesday in the last week
    series[spike] = { day: '2026-07-08', cost: 300 };
    const scores = detectDailyAnomalies(series);
    const monday = scores.find((point) => point.day === '2026-07-06');
    const sunday = scores.find((point) => point.day === '2026-07-05');
    // A day-over-day rule would call this Monday a tripling; against earlier Mondays it is ordinary.
    expect((monday?.cost ?? 0) / (sunday?.cost ?? 1)).toBeGreaterThan(3);
    expect(monday?.anomaly).toBeNull();
    expect(Math.abs(monday?.score ?? 99)).toBeLessThan(3.5);
    const wednesday = scores.find((point) => point.day === '2026-07-08');
    expect(wednesday).toMatchObject({ anomaly: 'spike', compared: ['2026-07-01', '2026-06-24', '2026-06-17', '2026-06-10'] });
    expect(wednesday?.expected).toBeGreaterThan(95);
    expect(scores.filter((point) => point.anomaly !== null).map((point) => point.day)).toEqual(['2026-07-08']);
  });

  it('flags a drop, needs two earlier same weekdays, and counts a missing day as zero spend', () => {
    const series = seasonal(28).filter((point) => point.day !== '2026-06-23'); // a Tuesday with no calls at all
    const scores = detectDailyAnomalies(series);
    expect(scores.find((point) => point.day === '2026-06-23')).toMatchObject({ cost: 0, anomaly: 'drop' });
    expect(scores.find((point) => point.day === '2026-06-09')).toMatchObject({ expected: null, score: null, anomaly: null });
    expect(fillDays([{ day: '2026-06-01', cost: 1 }, { day: '2026-06-03', cost: 2 }]).map((point) => point.cost)).toEqual([1, 0, 2]);
  });

  it('ignores deviations below the minimum even when the score is high', () => {
    const flat = Array.from({ length: 21 }, (_, index) => ({ day: new Date(Date.parse('2026-06-01T00:00:00Z') + index * dayMs).toISOString().slice(0, 10), cost: 0.1 }));
    flat[20] = { day: flat[20]?.day ?? '', cost: 0.5 };
    expect(detectDailyAnomalies(flat, { minDeviation: 1 }).at(-1)?.anomaly).toBeNull();
    expect(detectDailyAnomalies(flat, { minDeviation: 0.1 }).at(-1)?.anomaly).toBe('spike');
  });
});
