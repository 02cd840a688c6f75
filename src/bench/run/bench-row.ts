import { z } from 'zod';

/**
 * One result row per (task, example, model, repeat), as written to results.jsonl. The schema is
 * used when a results file is read back (`--resume`, reports), so a hand-edited or foreign file
 * fails with its line number instead of skewing a summary.
 */
const count = z.number().int().nonnegative();
const usd = z.number().nullable();

export const judgeVoteSchema = z.object({
  judge: z.string(),
  repeat: count,
  score: z.number().nullable(),
  quality: z.number().nullable(),
  pass: z.boolean().nullable(),
  error: z.string().nullable(),
});

export const scoreEntrySchema = z.object({
  value: z.number().nullable(),
  pass: z.boolean().nullable(),
  reason: z.string(),
  error: z.string().optional(),
  /** Judge scorers: every vote (judge × repeat), for agreement statistics. */
  votes: z.array(judgeVoteSchema).optional(),
});
export type ScoreEntry = z.output<typeof scoreEntrySchema>;

export const benchRowSchema = z.object({
  kind: z.literal('row'),
  /** `task␟example␟model␟repeat`: a row with the same key replaces an earlier one. */
  key: z.string().min(1),
  task: z.string(),
  exampleId: z.string(),
  model: z.string(),
  repeat: count,
  servedModel: z.string().nullable(),
  requestId: z.string().nullable(),
  status: z.enum(['ok', 'error']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  output: z.string(),
  outputChars: count,
  stopReason: z.string().nullable(),
  /** Exclusive buckets as the provider reported them; null = not reported (cost then unknown). */
  tokens: z.object({ input: count.nullable(), cacheRead: count.nullable(), cacheWrite5m: count.nullable(), cacheWrite1h: count.nullable(), output: count.nullable() }),
  /** USD; generation and judging apart; null when unknown, never a silent 0. */
  cost: z.object({ generation: usd, judge: usd, total: usd }),
  latency: z.object({
    /** Time to first token of the streamed reply (null for non-streamed calls). */
    ttftMs: z.number().nullable(),
    totalMs: z.number(),
    /** What Bedrock says it spent (metrics.latencyMs). */
    serviceMs: z.number().nullable(),
    /** Slept between attempts after throttling or 5xx. */
    retryWaitMs: z.number(),
    /** Waited for a slot in the model's AIMD limiter. */
    queueMs: z.number(),
    attempts: count,
  }),
  scores: z.record(z.string(), scoreEntrySchema),
  /** Mean of the applicable scorer values (0..1); null on errors, judge errors or nothing applicable. */
  quality: z.number().nullable(),
  pass: z.boolean().nullable(),
  judge: z.object({ calls: count, errors: count, inputTokens: count.nullable(), outputTokens: count.nullable(), cost: usd }).nullable(),
  /** An emulator answer key was sent with the call. */
  answerKeyed: z.boolean(),
  /** The reply came from a simulated model (`frugal emulator` marks its replies). */
  simulated: z.boolean().default(false),
  startedAt: z.string(),
});
export type BenchRow = z.output<typeof benchRowSchema>;

export const runSettingsSchema = z.object({
  models: z.array(z.string()),
  baseline: z.string().nullable(),
  judges: z.array(z.string()),
  judgeRepeats: count,
  region: z.string(),
  endpoint: z.string().nullable(),
  concurrency: count,
  repeats: count,
  limit: count.nullable(),
  answerKeys: z.boolean(),
  stream: z.boolean(),
});
export type RunSettings = z.output<typeof runSettingsSchema>;

export const benchHeaderSchema = z.object({
  kind: z.literal('header'),
  format: z.literal('frugal-bench-results'),
  formatVersion: z.literal(1),
  toolVersion: z.string(),
  createdAt: z.string(),
  suite: z.object({ name: z.string(), file: z.string().nullable(), hash: z.string() }),
  catalogVersion: z.string(),
  settings: runSettingsSchema,
});
export type BenchHeader = z.output<typeof benchHeaderSchema>;

/** Appended when a run is resumed, so the file records every session's settings. */
export const resumeLineSchema = z.object({ kind: z.literal('resume'), at: z.string(), toolVersion: z.string(), catalogVersion: z.string(), settings: runSettingsSchema });

const separator = '\u241f';
export function rowKey(task: string, exampleId: string, model: string, repeat: number): string {
  return [task, exampleId, model, String(repeat)].join(separator);
}
