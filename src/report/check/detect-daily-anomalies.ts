import { median, scaledMad } from './robust-statistics.js';

export interface DailyCost {
  /** YYYY-MM-DD (UTC). */
  day: string;
  cost: number;
}

export interface DayScore extends DailyCost {
  /** The median of the same weekday over the weeks before; null without two of them. */
  expected: number | null;
  /** Robust z-score: (cost − expected) / scale; null without a baseline. */
  score: number | null;
  /** The spread the score divides by: 1.4826 × MAD of those weekdays, at least 5% of the median. */
  scale: number | null;
  /** The same-weekday days compared with. */
  compared: string[];
  anomaly: 'spike' | 'drop' | null;
}

export interface AnomalyOptions {
  /** |score| at or above this flags the day (default 3.5). */
  threshold?: number;
  /** Same weekdays looked back on (default 4). */
  weeks?: number;
  /** Deviations smaller than this many USD are never flagged (default 1). */
  minDeviation?: number;
}

const dayMs = 86_400_000;

/** Every calendar day from the first to the last, missing days as zero: a day without spend is a fact, not a gap. */
export function fillDays(series: readonly DailyCost[], until?: string): DailyCost[] {
  if (series.length === 0) return [];
  const byDay = new Map(series.map((point) => [point.day, point.cost]));
  const sorted = [...byDay.keys()].sort();
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${until ?? sorted[sorted.length - 1]}T00:00:00Z`);
  const filled: DailyCost[] = [];
  for (let time = first; time <= last; time += dayMs) {
    const day = new Date(time).toISOString().slice(0, 10);
    filled.push({ day, cost: byDay.get(day) ?? 0 });
  }
  return filled;
}

/**
 * Anomalies in daily cost, robust to weekly seasonality: each day is compared with the same
 * weekday of the `weeks` weeks before it (a Monday with Mondays), by its distance from their
 * median in units of their median absolute deviation (×1.4826, floored at 5% of the median so a
 * perfectly steady history does not make every cent an anomaly). A busy Monday after a quiet
 * Sunday is normal; a Wednesday at three times the usual Wednesday is not. Medians and MAD ignore
 * a past spike, so one anomaly does not hide the next. Needs two earlier same weekdays.
 */
export function detectDailyAnomalies(series: readonly DailyCost[], options: AnomalyOptions = {}): DayScore[] {
  const threshold = options.threshold ?? 3.5;
  const weeks = options.weeks ?? 4;
  const minDeviation = options.minDeviation ?? 1;
  const days = fillDays(series);
  const byDay = new Map(days.map((point) => [point.day, point.cost]));
  return days.map((point) => {
    const time = Date.parse(`${point.day}T00:00:00Z`);
    const compared: string[] = [];
    for (let week = 1; week <= weeks; week += 1) {
      const day = new Date(time - week * 7 * dayMs).toISOString().slice(0, 10);
      if (byDay.has(day)) compared.push(day);
    }
    if (compared.length < 2) return { ...point, expected: null, score: null, scale: null, compared, anomaly: null };
    const history = compared.map((day) => byDay.get(day) ?? 0);
    const expected = median(history);
    const scale = Math.max(scaledMad(history), 0.05 * Math.abs(expected), 1e-9);
    const score = (point.cost - expected) / scale;
    const flagged = Math.abs(score) >= threshold && Math.abs(point.cost - expected) >= minDeviation;
    return { ...point, expected, score, scale, compared, anomaly: flagged ? (score > 0 ? 'spike' : 'drop') : null };
  });
}
