import { z } from 'zod';

/**
 * The judge's answer, promptfoo's `{pass, score, reason}` contract on a 0..1 scale. `score: null`
 * means "not applicable". Either `pass` or `score` must be present; extra keys are ignored because
 * models like to add a confidence or a label, which changes nothing here.
 */
export const judgeVerdictSchema = z
  .object({
    pass: z.boolean().optional(),
    score: z.number().min(0).max(1).nullable().optional(),
    reason: z.string().trim().min(1, 'reason must say why'),
  })
  .refine((verdict) => verdict.pass !== undefined || verdict.score !== undefined, { message: 'give pass, score, or both' });
export type RawJudgeVerdict = z.output<typeof judgeVerdictSchema>;

/** A verdict after the threshold: `pass` and `quality` are null when the criterion did not apply. */
export interface JudgeVerdict {
  /** The score as the judge gave it (for harmfulness: 1 = harmful). */
  score: number | null;
  /** 0..1 where higher is better, whatever the metric's direction. */
  quality: number | null;
  pass: boolean | null;
  reason: string;
}

/** The JSON Schema of the verdict tool, which Bedrock's tool use (and the text fallback) asks for. */
export const judgeVerdictJsonSchema = {
  type: 'object',
  properties: {
    pass: { type: 'boolean', description: 'true when the response meets the criterion (at or above the threshold)' },
    score: { type: ['number', 'null'], minimum: 0, maximum: 1, description: '0..1, or null when the criterion does not apply' },
    reason: { type: 'string', description: 'one or two sentences saying why' },
  },
  required: ['pass', 'score', 'reason'],
  additionalProperties: false,
} as const;

/**
 * Applies promptfoo's rule: a missing score is `Number(pass)`; with a threshold, pass requires
 * both the judge's pass (when given) and quality ≥ threshold. Lower-is-better metrics are
 * compared on 1 - score.
 */
export function applyThreshold(raw: RawJudgeVerdict, threshold: number, higherIsBetter: boolean): JudgeVerdict {
  if (raw.score === null) return { score: null, quality: null, pass: null, reason: raw.reason };
  const score = raw.score ?? (higherIsBetter ? Number(raw.pass) : 1 - Number(raw.pass));
  const quality = higherIsBetter ? score : 1 - score;
  const pass = (raw.pass ?? true) && quality >= threshold;
  return { score, quality, pass, reason: raw.reason };
}
