import { z } from 'zod';
import { InvalidArgumentError, ParseError } from '../core/index.js';
import { convertRequestBody } from '../cache/index.js';
import type { BatchItem } from './batch-item.js';
import { readBatchPlan, readBatchState, readJobFile, readRecordIndex } from './batch-plan-files.js';
import type { BatchPlan } from './batch-plan-schema.js';

const recordLineSchema = z.object({ recordId: z.string(), modelInput: z.record(z.string(), z.unknown()) });

export interface RetryItems {
  plan: BatchPlan;
  items: BatchItem[];
  failed: number;
  notProcessed: number;
}

/**
 * The records of a collected plan that failed or were never processed, as items for a new plan
 * (same model, API and ids; their bodies are read back from the plan's own input files). Needs
 * `frugal batch collect` first: only collect knows which records failed.
 */
export async function readRetryItems(dir: string): Promise<RetryItems> {
  const plan = await readBatchPlan(dir);
  const collection = (await readBatchState(dir))?.lastCollection;
  if (collection === undefined) throw new InvalidArgumentError('--retry-failed', `No results collected for ${dir} yet. Run \`frugal batch collect ${dir}\` first, so frugal knows which records failed.`);
  const wanted = new Set([...collection.failedRecordIds, ...collection.notProcessedRecordIds]);
  if (wanted.size === 0) throw new InvalidArgumentError('--retry-failed', `Every record of ${dir} succeeded at the last collect; there is nothing to retry.`);

  const index = await readRecordIndex(dir);
  const items: BatchItem[] = [];
  for (const job of plan.jobs) {
    for (const file of job.files) {
      const text = await readJobFile(dir, job, file.name);
      text.split('\n').forEach((raw, line) => {
        if (raw.trim() === '') return;
        const where = { file: `${job.name}/${file.name}`, line: line + 1 };
        let value: unknown;
        try {
          value = JSON.parse(raw) as unknown;
        } catch {
          throw new ParseError('not valid JSON; the plan directory was changed', where);
        }
        const parsed = recordLineSchema.safeParse(value);
        if (!parsed.success) throw new ParseError('not a batch record ({recordId, modelInput})', where);
        if (!wanted.has(parsed.data.recordId)) return;
        const entry = index.find((candidate) => candidate.recordId === parsed.data.recordId);
        // The body is sent again unchanged; the request form is only for the token estimate.
        const { request } = convertRequestBody(parsed.data.modelInput, plan.model.id);
        items.push({ id: entry?.itemId ?? parsed.data.recordId, request, source: entry?.source ?? `${where.file}:${where.line}`, task: entry?.task ?? plan.task, modelInput: { format: plan.bodyFormat, body: parsed.data.modelInput } });
      });
    }
  }
  return { plan, items, failed: collection.failedRecordIds.length, notProcessed: collection.notProcessedRecordIds.length };
}
