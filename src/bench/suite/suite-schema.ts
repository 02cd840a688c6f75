import { z } from 'zod';
import { judgeMetricNames } from '../../judge/index.js';

/**
 * The suite file (`frugal bench suite.yaml`): tasks with prompt templates, examples and scorers,
 * plus the models to compare and the judge, each listed once. Strict objects, so a misspelt key
 * is an error that names its path instead of a setting silently ignored.
 */
const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, ".", "_" or "-" (it names files and columns)');
const modelId = z.string().trim().min(1);
const positiveInt = z.number().int().positive();
const rate = z.number().min(0).max(1);

export const promptTemplateSchema = z.strictObject({
  system: z.string().optional(),
  /** Example turns before the real one; rendered with the example's variables too. */
  fewShot: z.array(z.strictObject({ user: z.string().min(1), assistant: z.string().min(1) })).default([]),
  user: z.string().min(1),
  /** Bedrock cache points after the system prompt and/or after the few-shot turns (models without prompt caching get none). */
  cachePoints: z.array(z.enum(['system', 'few-shot'])).default([]),
});

const expectedValue = z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown())]);

export const inlineExampleSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number()]).transform(String).optional(),
  vars: z.record(z.string(), z.unknown()).default({}),
  /** The known-good output: a label, a number, or an object of fields. */
  expected: expectedValue.optional(),
  /** Reference answer for judges; defaults to `expected` as text. */
  reference: z.string().optional(),
  /** Bedrock evaluation `category`. */
  category: z.string().optional(),
});

export const examplesFileSchema = z.strictObject({
  /** Relative to the suite file. */
  file: z.string().min(1),
  /** By extension: .csv, .jsonl; `bedrock-eval` reads a Bedrock evaluation dataset (prompt, referenceResponse, category). */
  format: z.enum(['csv', 'jsonl', 'bedrock-eval']).optional(),
  idField: z.string().min(1).default('id'),
  expectedField: z.string().min(1).default('expected'),
  referenceField: z.string().min(1).default('reference'),
  categoryField: z.string().min(1).default('category'),
});

const scorerBase = {
  /** Column name in the results; defaults to the type (plus the metric for judges). */
  name: slug.optional(),
  /** Inverts pass and score (promptfoo's `not-` prefix). Not allowed on judges. */
  negate: z.boolean().default(false),
  /** Applies only to examples that define this variable (others: not applicable), for per-example assertions. */
  onlyIf: z.string().min(1).optional(),
};

export const scorerSchema = z.discriminatedUnion('type', [
  /** The first line, normalised (case, spaces, quotes, trailing punctuation), equals the expected label. */
  z.strictObject({ type: z.literal('label'), ...scorerBase, labels: z.array(z.string().min(1)).min(2).optional(), caseSensitive: z.boolean().default(false) }),
  /** The whole output, normalised, equals `value` (a template; default: the expected output). */
  z.strictObject({ type: z.literal('exact'), ...scorerBase, value: z.string().optional(), caseSensitive: z.boolean().default(false) }),
  z.strictObject({
    type: z.literal('contains'),
    ...scorerBase,
    value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    mode: z.enum(['all', 'any']).default('all'),
    caseSensitive: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('regex'),
    ...scorerBase,
    pattern: z.string().min(1).refine(isRegex, 'not a valid regular expression'),
    flags: z.string().regex(/^[imsu]*$/, 'flags may be i, m, s, u').default(''),
  }),
  /** JSON in the output: parses, matches `schema` (JSON Schema, ajv), has `required` fields, and (by default) equals the expected fields. */
  z.strictObject({
    type: z.literal('json'),
    ...scorerBase,
    schema: z.record(z.string(), z.unknown()).optional(),
    required: z.array(z.string().min(1)).default([]),
    matchExpected: z.boolean().default(true),
  }),
  /** The first number in the output is within `tolerance` of `value` (default: the expected output). */
  z.strictObject({
    type: z.literal('numeric'),
    ...scorerBase,
    value: z.string().optional(),
    tolerance: z.number().nonnegative().default(0),
    relative: z.boolean().default(false),
  }),
  /** Verbosity limits; tokens by the emulator's stated rule. */
  z
    .strictObject({ type: z.literal('length'), ...scorerBase, minChars: positiveInt.optional(), maxChars: positiveInt.optional(), maxWords: positiveInt.optional(), maxTokens: positiveInt.optional() })
    .refine((scorer) => [scorer.minChars, scorer.maxChars, scorer.maxWords, scorer.maxTokens].some((limit) => limit !== undefined), { message: 'give at least one of minChars, maxChars, maxWords, maxTokens' }),
  /** LLM-as-a-judge: a preset metric (named like Bedrock's) or a rubric; pass when quality ≥ threshold. */
  z
    .strictObject({ type: z.literal('judge'), ...scorerBase, metric: z.enum(judgeMetricNames).optional(), rubric: z.string().min(1).optional(), threshold: rate.default(0.5) })
    .refine((scorer) => (scorer.metric === undefined) !== (scorer.rubric === undefined), { message: 'give exactly one of metric or rubric' })
    .refine((scorer) => !scorer.negate, { message: 'negate is not allowed on judges (a judge error must not become a pass)' }),
]);
export type ScorerConfig = z.output<typeof scorerSchema>;

export const answerKeySchema = z.union([
  z.literal(false),
  z.strictObject({
    /** The emulator's accuracy key (`accuracy: { <task>: 0.9 }`); default: the task name. */
    task: z.string().min(1).optional(),
    /** Template of the expected answer; default: the example's expected output (objects as compact JSON). */
    expected: z.string().optional(),
    /** Alternatives a wrong simulated answer is drawn from; default: the label scorer's labels. */
    choices: z.array(z.string().min(1)).optional(),
  }),
]);

export const taskSchema = z.strictObject({
  name: slug,
  description: z.string().optional(),
  prompt: promptTemplateSchema,
  examples: z.union([z.array(inlineExampleSchema).min(1), examplesFileSchema]),
  scorers: z.array(scorerSchema).min(1),
  maxOutputTokens: positiveInt.optional(),
  temperature: z.number().min(0).max(1).optional(),
  /** How examples are keyed for `frugal emulator` (sent only with --endpoint/--emulator). */
  answerKey: answerKeySchema.optional(),
  /** Expected output tokens per call for the cost estimate (default: from the expected outputs). */
  estimatedOutputTokens: positiveInt.optional(),
});
export type TaskConfig = z.output<typeof taskSchema>;

export const judgeConfigSchema = z.union([
  modelId.transform((model) => ({ models: [model], repeats: 1, maxTokens: 400, structuredOutput: 'tool' as const })),
  z
    .strictObject({
      model: modelId.optional(),
      /** A panel: every judge rates every response; votes are pooled. */
      models: z.array(modelId).min(1).optional(),
      repeats: positiveInt.default(1),
      maxTokens: positiveInt.default(400),
      /** `text` for judge models without tool choice. */
      structuredOutput: z.enum(['tool', 'text']).default('tool'),
    })
    .refine((judge) => (judge.model === undefined) !== (judge.models === undefined), { message: 'give model or models, not both' })
    .transform(({ model, models, ...rest }) => ({ models: models ?? [model as string], ...rest })),
]);
export type JudgeConfig = z.output<typeof judgeConfigSchema>;

export const suiteSchema = z.strictObject({
  version: z.literal(1),
  name: slug,
  description: z.string().optional(),
  /** AWS Region of the calls and of the prices (default us-east-1). */
  region: z.string().min(1).optional(),
  models: z.strictObject({
    /** The model in production today: the baseline of every verdict. */
    current: modelId,
    candidates: z.array(modelId).default([]),
  }),
  judge: judgeConfigSchema.optional(),
  defaults: z.strictObject({ maxOutputTokens: positiveInt.optional(), temperature: z.number().min(0).max(1).optional() }).default({}),
  tasks: z
    .array(taskSchema)
    .min(1)
    .superRefine((tasks, context) => {
      const seen = new Set<string>();
      tasks.forEach((task, index) => {
        if (seen.has(task.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `task name "${task.name}" is used twice` });
        seen.add(task.name);
      });
    }),
});
export type SuiteConfig = z.output<typeof suiteSchema>;

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
