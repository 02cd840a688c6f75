import { describe, expect, it } from 'vitest';
import type { DailyCost } from './detect-daily-anomalies.js';
import { forecastMonthEnd } from './forecast-month-end.js';
import { normalQuantile } from './robust-statistics.js';

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

describe('forecastMonthEnd', () => {
  it('adds the same-weekday medians of the days left to the month so far, with an interval from past deviations', () => {
    const series = seasonal(45, '2026-06-01').filter((point) => point.day <= '2026-07-15');
    const forecast = forecastMonthEnd(series, '2026-07-15', { interval: 0.8 });
    const july = series.filter((point) => point.day.startsWith('2026-07'));
    expect(forecast.monthToDate).toBeCloseTo(july.reduce((sum, point) => sum + point.cost, 0), 9);
    expect(forecast.remainingDays).toBe(16);
    // 16 days left (16-31 July): 12 weekdays and 4 weekend days, each at about its weekday's median.
    expect(forecast.expectedRemaining).toBeGreaterThan(12 * 95 + 4 * 28);
    expect(forecast.expectedRemaining).toBeLessThan(12 * 105 + 4 * 32);
    expect(forecast.low).toBeLessThan(forecast.forecast);
    expect(forecast.high).toBeGreaterThan(forecast.forecast);
    expect(forecast.high - forecast.forecast).toBeCloseTo(forecast.forecast - forecast.low, 9);
    // The interval widens with the square root of the days left.
    const later = forecastMonthEnd(series, '2026-07-11', { interval: 0.8 });
    const width = (item: typeof forecast): number => item.high - item.low;
    expect(width(later) / width(forecast)).toBeCloseTo(Math.sqrt(20 / 16), 1);
    expect(forecastMonthEnd(series, '2026-07-15', { interval: 0.95 }).high).toBeGreaterThan(forecast.high);
  });

  it('is exact for a steady weekly pattern, and has no interval once the month is complete', () => {
    const steady = seasonal(61, '2026-06-01').map((point) => ({ ...point, cost: point.cost > 60 ? 100 : 30 }));
    const mid = forecastMonthEnd(steady.filter((point) => point.day <= '2026-07-20'), '2026-07-20');
    const july = steady.filter((point) => point.day.startsWith('2026-07'));
    expect(mid.forecast).toBeCloseTo(july.reduce((sum, point) => sum + point.cost, 0), 9);
    const done = forecastMonthEnd(steady, '2026-07-31');
    expect(done).toMatchObject({ remainingDays: 0, expectedRemaining: 0 });
    expect(done.low).toBe(done.monthToDate);
    expect(done.high).toBe(done.monthToDate);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2816, 4);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 3);
  });
});
