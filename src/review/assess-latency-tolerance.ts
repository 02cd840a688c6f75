import type { LatencyTolerance, ReviewConfig } from '../config/index.js';
import type { UsageRow } from '../core/index.js';
import type { ReviewSlice } from './load-review-slices.js';
import { percent } from './review-context.js';

export interface LatencyAssessment {
  tolerance: LatencyTolerance;
  /** `config`: frugal.yaml says so; `heuristic`: read from the traffic. */
  source: 'config' | 'heuristic';
  /** Signals of work no one waits for: async metadata (of sampled calls, when given), a pipeline caller, arrivals in a burst. */
  asyncSignals: string[];
  /** Signals that someone waits: streamed replies, conversations. */
  interactiveSignals: string[];
  /** Share of the calls in the busiest 4 consecutive hours of the day (UTC), and where they start. */
  burst: { share: number; startHour: number; hours: number };
}

/**
 * The busiest window of `width` consecutive hours of the day (wrapping past midnight), trimmed
 * to the hours that have calls: `{ share: 1, startHour: 6, hours: 2 }` for a job from 06:00 to 08:00.
 */
export function busiestHours(hourOfDay: readonly number[], width = 4): { share: number; startHour: number; hours: number } {
  const total = hourOfDay.reduce((sum, value) => sum + value, 0);
  if (total === 0) return { share: 0, startHour: 0, hours: width };
  const at = (hour: number): number => hourOfDay[hour % 24] ?? 0;
  let best = { share: -1, startHour: 0, hours: width };
  for (let start = 0; start < 24; start += 1) {
    let inside = 0;
    for (let offset = 0; offset < width; offset += 1) inside += at(start + offset);
    if (inside / total > best.share) best = { share: inside / total, startHour: start, hours: width };
  }
  while (best.hours > 1 && at(best.startHour) === 0) best = { ...best, startHour: (best.startHour + 1) % 24, hours: best.hours - 1 };
  while (best.hours > 1 && at(best.startHour + best.hours - 1) === 0) best = { ...best, hours: best.hours - 1 };
  return best;
}

const hour = (value: number): string => `${String(value % 24).padStart(2, '0')}:00`;

/**
 * How long a slice's callers can wait, from what frugal.yaml says about the task, else from the
 * traffic: streamed replies and conversations mean someone waits (interactive); with neither,
 * two signals of asynchronous work (metadata naming a job or batch, a pipeline-like caller role,
 * nearly all calls inside four hours of the day) mean a 24-hour batch window is fine; anything
 * else can at least wait minutes (the flex tier).
 */
export function assessLatencyTolerance(slice: ReviewSlice, config: ReviewConfig, metadata?: { matching: number; sampled: number }): LatencyAssessment {
  const burst = busiestHours(slice.hourOfDay);
  const asyncSignals: string[] = [];
  const interactiveSignals: string[] = [];
  const { profile } = slice;
  if (metadata !== undefined && metadata.sampled > 0 && metadata.matching >= metadata.sampled * 0.5) asyncSignals.push(`${metadata.matching} of ${metadata.sampled} sampled calls carry request metadata naming a job, batch or schedule`);
  if (new RegExp(config.batch.asyncCallers, 'iu').test(slice.role)) asyncSignals.push(`the caller role "${slice.role}" looks like a pipeline or job`);
  if (burst.share >= config.batch.burstShare) asyncSignals.push(`${percent(burst.share)} of calls arrive between ${hour(burst.startHour)} and ${hour(burst.startHour + burst.hours)} UTC (a scheduled burst)`);
  if (profile.streamingRows >= slice.rows * 0.5) interactiveSignals.push(`${percent(profile.streamingRows / slice.rows)} of calls stream their reply (someone reads it as it arrives)`);
  if (profile.multiTurnRows >= slice.rows * 0.2) interactiveSignals.push(`${percent(profile.multiTurnRows / slice.rows)} of calls continue a conversation`);

  const configured = config.tasks[slice.task]?.latency;
  if (configured !== undefined) return { tolerance: configured, source: 'config', asyncSignals, interactiveSignals, burst };
  const tolerance: LatencyTolerance = interactiveSignals.length > 0 ? 'interactive' : asyncSignals.length >= 2 ? '24h' : 'minutes';
  return { tolerance, source: 'heuristic', asyncSignals, interactiveSignals, burst };
}

/** How many of some calls carry metadata naming asynchronous work (`review.batch.asyncMetadata`, matched in the metadata JSON). */
export function countAsyncMetadata(rows: readonly UsageRow[], config: ReviewConfig): { matching: number; sampled: number } {
  const patterns = config.batch.asyncMetadata.map((pattern) => pattern.toLowerCase());
  const matching = rows.filter((row) => {
    const text = JSON.stringify(row.metadata).toLowerCase();
    return patterns.some((pattern) => text.includes(pattern));
  }).length;
  return { matching, sampled: rows.length };
}
