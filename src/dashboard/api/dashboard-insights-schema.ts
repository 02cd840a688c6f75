import { z } from 'zod';
import { checkResultSchema } from '../../report/check/check-result-schema.js';
import { reviewReportSchema } from '../../review/review-report-schema.js';

/**
 * `/api/review` and `/api/alarms`: the latest `frugal review` plan and `frugal check` result for
 * the dashboard's ledger, in the exact shapes (and zod schemas) those commands print with --json.
 * Both take seconds on a large ledger, so they run in the background once and the page asks again
 * while the state is `running`. Those schema files import only zod, so the page can bundle them.
 */
const insight = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('state', [
    z.strictObject({ state: z.literal('running'), startedAt: z.string() }),
    z.strictObject({ state: z.literal('ready'), finishedAt: z.string(), result: value }),
    z.strictObject({ state: z.literal('failed'), message: z.string() }),
    z.strictObject({ state: z.literal('unavailable'), message: z.string() }),
  ]);

export const reviewInsightSchema = insight(reviewReportSchema);
export type ReviewInsight = z.output<typeof reviewInsightSchema>;
export const alarmsInsightSchema = insight(checkResultSchema);
export type AlarmsInsight = z.output<typeof alarmsInsightSchema>;
export { checkResultSchema, reviewReportSchema };
