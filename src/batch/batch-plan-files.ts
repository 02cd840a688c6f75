import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { InvalidArgumentError, ParseError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import { type BatchPlan, type PlannedJob, type RecordIndexLine, batchPlanSchema, recordIndexLineSchema } from './batch-plan-schema.js';
import { type BatchState, batchStateSchema } from './batch-state-schema.js';
import type { PlannedBatch } from './plan-batch.js';

export const planFileName = 'plan.json';
export const recordIndexFileName = 'records.jsonl';
export const stateFileName = 'state.json';

/** Where a job's input file lives in the plan directory. */
export const jobFilePath = (dir: string, job: Pick<PlannedJob, 'name'>, file: string): string => join(dir, 'jobs', job.name, file);

function parseJson<T>(text: string, schema: z.ZodType<T>, file: string, line?: number): T {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ParseError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, { file, ...(line !== undefined && { line }) });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ParseError(`not a frugal batch file of the expected shape: ${formatSchemaIssues(parsed.error).join('; ')}`, { file, ...(line !== undefined && { line }) });
  return parsed.data;
}

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a file behind. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes a new plan directory: the input files, the record index, then plan.json (last, so a plan.json means a whole plan). */
export async function writeBatchPlan(dir: string, planned: PlannedBatch): Promise<void> {
  if (await exists(join(dir, planFileName))) {
    throw new InvalidArgumentError('--out', `${dir} already holds a batch plan. Choose another --out directory (a plan that was submitted must stay as it is).`);
  }
  for (const job of planned.plan.jobs) await mkdir(join(dir, 'jobs', job.name), { recursive: true });
  for (const file of planned.files) {
    const job = planned.plan.jobs.find((candidate) => candidate.index === file.job);
    if (job === undefined) throw new Error(`file for unknown job ${file.job}`);
    await writeFileAtomically(jobFilePath(dir, job, file.name), file.lines.map((line) => `${line}\n`).join(''));
  }
  await writeFileAtomically(join(dir, recordIndexFileName), planned.index.map((line) => `${JSON.stringify(line)}\n`).join(''));
  await writeFileAtomically(join(dir, planFileName), `${JSON.stringify(planned.plan, null, 2)}\n`);
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError('PLAN', `Cannot read ${what} ${path}: ${(error as Error).message}. Give the directory \`frugal batch plan --out\` wrote.`, { cause: error });
  }
}

export async function readBatchPlan(dir: string): Promise<BatchPlan> {
  const path = join(dir, planFileName);
  return parseJson(await readText(path, 'the plan'), batchPlanSchema, path);
}

export async function readRecordIndex(dir: string): Promise<RecordIndexLine[]> {
  const path = join(dir, recordIndexFileName);
  const text = await readText(path, 'the record index');
  return text.split('\n').flatMap((line, index) => (line.trim() === '' ? [] : [parseJson(line, recordIndexLineSchema, path, index + 1)]));
}

export async function readJobFile(dir: string, job: Pick<PlannedJob, 'name'>, file: string): Promise<string> {
  return readText(jobFilePath(dir, job, file), 'the batch input file');
}

/** The plan's state, or undefined before the first submit. */
export async function readBatchState(dir: string): Promise<BatchState | undefined> {
  const path = join(dir, stateFileName);
  if (!(await exists(path))) return undefined;
  return parseJson(await readFile(path, 'utf8'), batchStateSchema, path);
}

export async function writeBatchState(dir: string, state: BatchState): Promise<void> {
  await writeFileAtomically(join(dir, stateFileName), `${JSON.stringify(state, null, 2)}\n`);
}
