import type { DailyCost } from './detect-daily-anomalies.js';
import { fillDays } from './detect-daily-anomalies.js';
import { median, normalQuantile, scaledMad } from './robust-statistics.js';

export interface MonthEndForecast {
  /** YYYY-MM. */
  month: string;
  /** The last complete day counted. */
  asOf: string;
  monthToDate: number;
  remainingDays: number;
  /** Spend expected on the remaining days, and the month's total with its interval. */
  expectedRemaining: number;
  forecast: number;
  low: number;
  high: number;
  /** Coverage of [low, high], e.g. 0.8. */
  interval: number;
  method: string;
}

const dayMs = 86_400_000;

/**
 * The month's spend at its end: month to date plus, for each remaining day, the median of the
 * same weekday over the last `weeks` weeks (the weekly pattern carried forward; the median of the
 * last 7 days where a weekday has no history). The interval comes from how far each past day fell
 * from that same-weekday median: their robust spread (1.4826 × MAD) grows with the square root of
 * the days left, at the normal quantile of the coverage asked. A complete month has no interval.
 */
export function forecastMonthEnd(series: readonly DailyCost[], asOf: string, options: { interval?: number; weeks?: number } = {}): MonthEndForecast {
  const interval = options.interval ?? 0.8;
  const weeks = options.weeks ?? 4;
  const days = fillDays(series.filter((point) => point.day <= asOf), asOf);
  const byDay = new Map(days.map((point) => [point.day, point.cost]));
  const month = asOf.slice(0, 7);
  const monthToDate = days.filter((point) => point.day.startsWith(month)).reduce((sum, point) => sum + point.cost, 0);
  const asOfTime = Date.parse(`${asOf}T00:00:00Z`);
  const [year, monthIndex] = month.split('-').map(Number) as [number, number];
  const monthEnd = Date.UTC(year, monthIndex, 1) - dayMs;
  const remainingDays = Math.max(0, Math.round((monthEnd - asOfTime) / dayMs));

  const sameWeekday = (time: number): number[] => {
    const values: number[] = [];
    for (let week = 1; week <= weeks; week += 1) {
      const cost = byDay.get(new Date(time - week * 7 * dayMs).toISOString().slice(0, 10));
      if (cost !== undefined) values.push(cost);
    }
    return values;
  };
  const recent = days.slice(-7).map((point) => point.cost);
  const expectedOn = (time: number): number => {
    // Remaining days look back from the last known week: the weekday's history up to asOf.
    const weeksAhead = Math.ceil((time - asOfTime) / (7 * dayMs));
    const history = sameWeekday(time - (weeksAhead - 1) * 7 * dayMs);
    return history.length > 0 ? median(history) : recent.length > 0 ? median(recent) : 0;
  };
  let expectedRemaining = 0;
  for (let day = 1; day <= remainingDays; day += 1) expectedRemaining += expectedOn(asOfTime + day * dayMs);

  const residuals = days
    .map((point) => {
      const history = sameWeekday(Date.parse(`${point.day}T00:00:00Z`));
      return history.length >= 2 ? point.cost - median(history) : undefined;
    })
    .filter((value): value is number => value !== undefined);
  const spread = residuals.length >= 3 ? scaledMad(residuals) : recent.length >= 2 ? scaledMad(recent) : 0;
  const half = remainingDays === 0 ? 0 : normalQuantile((1 + interval) / 2) * spread * Math.sqrt(remainingDays);
  const forecast = monthToDate + expectedRemaining;
  return {
    month,
    asOf,
    monthToDate,
    remainingDays,
    expectedRemaining,
    forecast,
    low: Math.max(monthToDate, forecast - half),
    high: forecast + half,
    interval,
    method: `month to date plus the same-weekday median of the last ${weeks} weeks for each of the ${remainingDays} days left; ${Math.round(interval * 100)}% interval from the spread of past days around their weekday median (1.4826 × MAD × √days left)`,
  };
}
