import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { assertOneJudge } from '../../judge/index.js';
import { validateSuite } from '../suite/load-suite.js';
import type { ScorerConfig, SuiteConfig } from '../suite/suite-schema.js';

/** A part of the promptfoo config we could not carry over, and why. */
export interface NotUnderstood {
  path: string;
  reason: string;
}

export interface ImportedPromptfooConfig {
  suite: SuiteConfig;
  understood: string[];
  notUnderstood: NotUnderstood[];
}

/** The loose shape we read; everything else is reported, not silently dropped. */
const assertionSchema = z.looseObject({
  type: z.string().min(1),
  value: z.unknown().optional(),
  threshold: z.number().optional(),
  metric: z.string().optional(),
  weight: z.number().optional(),
  provider: z.unknown().optional(),
});
const testSchema = z.looseObject({
  description: z.string().optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  assert: z.array(assertionSchema).optional(),
  options: z.looseObject({ provider: z.unknown().optional() }).optional(),
});
const configSchema = z.looseObject({
  description: z.string().optional(),
  prompts: z.union([z.string(), z.array(z.unknown())]),
  providers: z.union([z.string(), z.array(z.unknown())]),
  tests: z.union([z.string(), z.array(testSchema)]).optional(),
  defaultTest: testSchema.optional(),
});
type Assertion = z.output<typeof assertionSchema>;

const knownTopLevel = new Set(['description', 'prompts', 'providers', 'tests', 'defaultTest']);

/** Bedrock model id from a promptfoo provider id (`bedrock:converse:<id>`, `bedrock:<id>`), or undefined for other providers. */
export function readBedrockModelId(id: string): string | undefined {
  const match = /^bedrock:(?:converse:|completion:|invoke:)?(.+)$/.exec(id);
  if (match === null) return undefined;
  const rest = match[1] as string;
  // `bedrock:kb:`, `bedrock:agents:` ... are not plain models.
  return /^(kb|agents?|agentcore|mantle|responses|embeddings?|video|image):/.test(rest) ? undefined : rest;
}

function providerId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'promptfoo';
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Converts a promptfoo config (prompts × providers × tests with vars and assert) into a suite:
 * each prompt becomes a task over the same tests, Bedrock providers become the models (the first
 * one is taken as the current model), and assertions we support become scorers. Per-test
 * assertion values travel in the example's variables (`__pf_<n>`) and apply only to the tests
 * that have them. Everything else is listed in `notUnderstood` with the reason.
 */
export function importPromptfooConfig(text: string, file: string): ImportedPromptfooConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new ConfigError(`${file} is not valid YAML:`, file, document.errors.map((error) => error.message));
  const raw = document.toJS() as unknown;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${file} is not a promptfoo config we can read:`, file, formatSchemaIssues(parsed.error));
  const config = parsed.data;
  const understood: string[] = [];
  const notUnderstood: NotUnderstood[] = [];
  const skip = (path: string, reason: string): void => {
    notUnderstood.push({ path, reason });
  };
  for (const key of Object.keys(config)) if (!knownTopLevel.has(key)) skip(key, 'not imported: frugal bench has its own settings for this (or no equivalent)');

  // Providers → models.
  const models: string[] = [];
  let region: string | undefined;
  let maxOutputTokens: number | undefined;
  let temperature: number | undefined;
  (Array.isArray(config.providers) ? config.providers : [config.providers]).forEach((provider, index) => {
    const id = providerId(provider);
    const model = id === undefined ? undefined : readBedrockModelId(id);
    if (model === undefined) {
      skip(`providers[${index}]`, `${id ?? 'this provider'} is not a Bedrock model (frugal bench runs Bedrock models: bedrock:converse:<model id> or bedrock:<model id>)`);
      return;
    }
    models.push(model);
    const settings = (provider as { config?: Record<string, unknown> }).config ?? {};
    for (const [key, value] of Object.entries(settings)) {
      if (key === 'region' && typeof value === 'string') region ??= value;
      else if ((key === 'maxTokens' || key === 'max_tokens' || key === 'max_new_tokens') && typeof value === 'number') maxOutputTokens ??= value;
      else if (key === 'temperature' && typeof value === 'number') temperature ??= value;
      else skip(`providers[${index}].config.${key}`, 'not imported (frugal bench takes region, maxTokens and temperature)');
    }
  });
  if (models.length === 0) throw new ConfigError(`${file} names no Bedrock provider, so there is nothing to benchmark.`, file, notUnderstood.map((item) => `${item.path}: ${item.reason}`));
  understood.push(`${models.length} Bedrock provider(s): ${models.join(', ')} (the first is the current model)`);

  // Grader → judge; one grader for everything.
  const graders: { source: string; judges: string[] }[] = [];
  const noteGrader = (value: unknown, path: string): void => {
    if (value === undefined) return;
    const id = providerId(value);
    const model = id === undefined ? undefined : readBedrockModelId(id);
    if (model === undefined) skip(path, `grader ${id ?? '(object)'} is not a Bedrock model`);
    else graders.push({ source: path, judges: [model] });
  };
  noteGrader(config.defaultTest?.options?.provider, 'defaultTest.options.provider');

  // Prompts → tasks.
  const prompts = (Array.isArray(config.prompts) ? config.prompts : [config.prompts]).flatMap((prompt, index) => {
    const text = typeof prompt === 'string' ? prompt : typeof (prompt as { raw?: unknown })?.raw === 'string' ? (prompt as { raw: string }).raw : undefined;
    const label = typeof (prompt as { label?: unknown })?.label === 'string' ? (prompt as { label: string }).label : undefined;
    if (text === undefined || text.startsWith('file://')) {
      skip(`prompts[${index}]`, text?.startsWith('file://') === true ? 'prompts from files are not imported; paste the prompt text' : 'not a prompt string');
      return [];
    }
    return [{ ...splitChatPrompt(text), name: slug(label ?? `prompt-${index + 1}`), index }];
  });
  if (prompts.length === 0) throw new ConfigError(`${file} has no prompt we can import.`, file, notUnderstood.map((item) => `${item.path}: ${item.reason}`));

  // Tests and assertions → examples and scorers.
  const tests = typeof config.tests === 'string' ? [] : (config.tests ?? []);
  if (typeof config.tests === 'string') skip('tests', 'tests from files are not imported; list them inline');
  const scorers: ScorerConfig[] = [];
  const groups = new Map<string, number>();
  const examples: { id: string; vars: Record<string, unknown>; reference?: string }[] = [];

  const addAssertion = (assertion: Assertion, path: string, vars: Record<string, unknown>, example: { reference?: string }): void => {
    const negate = assertion.type.startsWith('not-');
    const type = negate ? assertion.type.slice(4) : assertion.type;
    if (assertion.weight !== undefined && assertion.weight !== 1) skip(`${path}.weight`, 'weights are not imported: every scorer counts equally in quality');
    for (const key of Object.keys(assertion)) if (!['type', 'value', 'threshold', 'metric', 'weight', 'provider'].includes(key)) skip(`${path}.${key}`, 'not imported');
    noteGrader(assertion.provider, `${path}.provider`);
    const converted = convertAssertion(type, assertion, negate);
    if (typeof converted === 'string') {
      skip(path, converted);
      return;
    }
    // One scorer per (type, negation, metric); the value of each test travels in its vars.
    const signature = JSON.stringify([type, negate, assertion.metric ?? null, converted.kind]);
    let scorerIndex = groups.get(signature);
    const variable = `__pf_${scorerIndex ?? scorers.length}`;
    if (scorerIndex === undefined) {
      scorerIndex = scorers.length;
      groups.set(signature, scorerIndex);
      const name = assertion.metric === undefined ? undefined : slug(assertion.metric);
      scorers.push({ ...converted.scorer(variable), ...(name !== undefined && { name }), onlyIf: variable } as ScorerConfig);
    }
    vars[variable] = converted.value ?? true;
    if (converted.reference !== undefined) example.reference = converted.reference;
  };

  const defaults = config.defaultTest?.assert ?? [];
  for (const key of Object.keys(config.defaultTest ?? {})) if (!['assert', 'vars', 'options'].includes(key)) skip(`defaultTest.${key}`, 'not imported');
  tests.forEach((test, index) => {
    const vars: Record<string, unknown> = { ...(config.defaultTest?.vars ?? {}), ...(test.vars ?? {}) };
    const example: { id: string; vars: Record<string, unknown>; reference?: string } = { id: String(index + 1), vars };
    defaults.forEach((assertion, at) => addAssertion(assertion, `defaultTest.assert[${at}]`, vars, example));
    (test.assert ?? []).forEach((assertion, at) => addAssertion(assertion, `tests[${index}].assert[${at}]`, vars, example));
    noteGrader(test.options?.provider, `tests[${index}].options.provider`);
    for (const key of Object.keys(test)) if (!['description', 'vars', 'assert', 'options'].includes(key)) skip(`tests[${index}].${key}`, 'not imported');
    examples.push(example);
  });
  if (examples.length === 0) throw new ConfigError(`${file} has no inline tests to turn into examples.`, file, notUnderstood.map((item) => `${item.path}: ${item.reason}`));
  if (scorers.length === 0) throw new ConfigError(`${file}: none of its assertions can be scored by frugal bench.`, file, notUnderstood.map((item) => `${item.path}: ${item.reason}`));
  assertOneJudge(graders);
  understood.push(`${prompts.length} prompt(s) as tasks, ${examples.length} tests as examples, ${scorers.length} scorer(s): ${scorers.map((scorer) => scorer.type).join(', ')}`);

  const judge = graders[0]?.judges[0];
  const suite = validateSuite(
    {
      version: 1,
      name: slug(config.description ?? file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')),
      ...(config.description !== undefined && { description: config.description }),
      ...(region !== undefined && { region }),
      models: { current: models[0], candidates: models.slice(1) },
      ...(judge !== undefined && { judge }),
      defaults: { ...(maxOutputTokens !== undefined && { maxOutputTokens }), ...(temperature !== undefined && { temperature }) },
      tasks: prompts.map((prompt) => ({
        name: prompt.name,
        prompt: { ...(prompt.system !== undefined && { system: prompt.system }), user: prompt.user },
        examples,
        scorers,
      })),
    },
    file,
  );
  return { suite, understood, notUnderstood };
}

interface ConvertedAssertion {
  kind: string;
  /** The per-test value stored in vars (undefined: the assertion has none). */
  value?: unknown;
  reference?: string;
  scorer: (variable: string) => Record<string, unknown>;
}

const placeholder = (variable: string): string => `{{ ${variable} }}`;

/** One promptfoo assertion type → our scorer, or the reason it cannot be. */
function convertAssertion(type: string, assertion: Assertion, negate: boolean): ConvertedAssertion | string {
  const value = assertion.value;
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  const list = Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
  const base = { negate };
  const insensitive = type.startsWith('i');
  switch (type) {
    case 'equals':
      if (text === undefined) return 'equals with a non-string value is not imported';
      return { kind: 'exact', value: text, scorer: (v) => ({ type: 'exact', ...base, caseSensitive: true, value: placeholder(v) }) };
    case 'contains':
    case 'icontains':
      if (text === undefined) return `${type} needs a string value`;
      return { kind: type, value: text, scorer: (v) => ({ type: 'contains', ...base, caseSensitive: !insensitive, value: placeholder(v) }) };
    case 'contains-any':
    case 'icontains-any':
    case 'contains-all':
    case 'icontains-all': {
      if (list === undefined) return `${type} needs a list of strings`;
      // A list is part of the scorer, so tests with different lists get different scorers.
      const mode = type.endsWith('any') ? 'any' : 'all';
      return { kind: `${type}:${JSON.stringify(list)}`, scorer: () => ({ type: 'contains', ...base, caseSensitive: !insensitive, mode, value: list }) };
    }
    case 'starts-with':
      if (text === undefined) return 'starts-with needs a string value';
      return { kind: `regex:^${escapeRegex(text)}`, scorer: () => ({ type: 'regex', ...base, pattern: `^${escapeRegex(text)}` }) };
    case 'regex':
      if (text === undefined) return 'regex needs a pattern string';
      // Patterns are not templated, so each distinct pattern is its own scorer.
      return { kind: `regex:${text}`, scorer: () => ({ type: 'regex', ...base, pattern: text }) };
    case 'is-json':
    case 'contains-json':
      if (value !== undefined && (typeof value !== 'object' || value === null)) return `${type} with a schema given as ${typeof value} is not imported (give the JSON Schema inline)`;
      return { kind: `${type}:${JSON.stringify(value ?? null)}`, scorer: () => ({ type: 'json', ...base, matchExpected: false, ...(value !== undefined && { schema: value }) }) };
    case 'llm-rubric':
    case 'model-graded-closedqa':
      if (negate) return `not-${type} is not imported: an inverted judge would turn judge errors into passes`;
      if (text === undefined) return `${type} needs the rubric text as value`;
      return { kind: type, value: text, scorer: (v) => ({ type: 'judge', rubric: placeholder(v), threshold: assertion.threshold ?? 0.5 }) };
    case 'factuality':
      if (negate || text === undefined) return 'factuality needs the fact as value (and cannot be negated)';
      return { kind: type, reference: text, scorer: () => ({ type: 'judge', metric: 'correctness', threshold: assertion.threshold ?? 0.5 }) };
    case 'answer-relevance':
      if (negate) return 'not-answer-relevance is not imported';
      return { kind: type, scorer: () => ({ type: 'judge', metric: 'relevance', threshold: assertion.threshold ?? 0.5 }) };
    case 'context-faithfulness':
      if (negate) return 'not-context-faithfulness is not imported';
      return { kind: type, scorer: () => ({ type: 'judge', metric: 'faithfulness', threshold: assertion.threshold ?? 0.5 }) };
    default:
      return `assertion type ${negate ? 'not-' : ''}${type} is not supported (frugal bench imports equals, contains, icontains, contains-any/all, starts-with, regex, is-json, contains-json, llm-rubric, model-graded-closedqa, factuality, answer-relevance, context-faithfulness)`;
  }
}

/** promptfoo chat prompts are a JSON array of {role, content}; a system + user pair maps onto our template. */
function splitChatPrompt(text: string): { system?: string; user: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return { user: text };
  try {
    const messages = z.array(z.object({ role: z.enum(['system', 'user']), content: z.string() })).parse(JSON.parse(trimmed));
    const system = messages.filter((message) => message.role === 'system').map((message) => message.content).join('\n\n');
    const user = messages.filter((message) => message.role === 'user').map((message) => message.content).join('\n\n');
    if (user === '') return { user: text };
    return { ...(system !== '' && { system }), user };
  } catch {
    return { user: text };
  }
}

/** A YAML document that looks like a promptfoo config rather than a frugal suite. */
export function isPromptfooConfig(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'prompts' in raw && 'providers' in raw && !('tasks' in raw);
}
