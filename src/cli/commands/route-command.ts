import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatUsd, InvalidArgumentError, normalizeModelId, ParseError } from '../../core/index.js';
import { formatSchemaIssues, type PricingCatalog, priceUsage } from '../../pricing/index.js';
import { createBedrockProvider, type ModelRequest } from '../../providers/index.js';
import { buildTaskRequest, loadSuite } from '../../bench/index.js';
import { renderSvg } from '../../charts/index.js';
import {
  buildRouteChartSpec,
  createRouter,
  createValidators,
  describeRouteEval,
  evaluateRouterOnData,
  invokeRouted,
  outputFormats,
  pairSummaryRow,
  readOutcomeData,
  readRouterConfig,
  type ReportTable,
  type RouteContext,
  type RouterConfig,
  trainRouteClassifier,
  type ValidatorSpec,
} from '../../route/index.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseChoice, parseCount, parseFraction } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

/**
 * `frugal route train | eval | explain | try`: a thin shell over src/route. Everything it does is
 * a library call the client and gateway make too.
 */

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function printTable(context: CommandContext, table: ReportTable): void {
  context.io.stdout(`\n${table.title}\n`);
  context.io.stdout(formatTable(table.head, table.rows, table.numeric ? ['left', ...table.head.slice(1).map(() => 'right' as const)] : []));
}

function parseCosts(entries: readonly string[] | undefined): Record<string, number> | undefined {
  if (entries === undefined) return undefined;
  const costs: Record<string, number> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const cost = Number(entry.slice(at + 1));
    if (at <= 0 || !Number.isFinite(cost) || cost < 0) throw new InvalidArgumentError('--cost', `--cost takes MODEL=USD per call, e.g. --cost amazon.nova-micro-v1:0=0.00004; got "${entry}".`);
    costs[entry.slice(0, at)] = cost;
  }
  return costs;
}

/** Orders models cheapest first by catalog price (1M input + 1M output); null when any is unknown. */
function orderByPrice(models: readonly string[], catalog: PricingCatalog): string[] | null {
  const priced = models.map((model) => {
    const known = normalizeModelId(model, catalog.registry);
    const cost = known.ok ? priceUsage({ model, inputTokens: 1_000_000, outputTokens: 1_000_000 }, catalog).total : null;
    return { model, cost };
  });
  if (priced.some((entry) => entry.cost === null)) return null;
  return priced.sort((a, b) => (a.cost as number) - (b.cost as number)).map((entry) => entry.model);
}

interface TrainOptions {
  data: string[];
  suite?: string;
  out: string;
  weak?: string;
  strong?: string;
  models?: string;
  targetShare?: number;
  holdout?: number;
  label: 'gain' | 'acceptable';
  json?: boolean;
}

async function runTrain(options: TrainOptions, context: CommandContext): Promise<void> {
  const data = await readOutcomeData(options.data, context.io.cwd, options.suite === undefined ? {} : { suite: options.suite });
  const pick = (model: string): string => {
    const found = data.models.find((name) => name.toLowerCase() === model.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError('--weak', `${model} has no outcomes in the data; models there: ${data.models.join(', ')}.`);
    return found;
  };
  let tiers: string[];
  if (options.models !== undefined) tiers = options.models.split(',').map((model) => pick(model.trim()));
  else if (options.weak !== undefined || options.strong !== undefined) {
    if (options.weak === undefined || options.strong === undefined) throw new InvalidArgumentError('--weak', 'Give both --weak and --strong (or --models cheap,...,top).');
    tiers = [pick(options.weak), pick(options.strong)];
  } else {
    const ordered = orderByPrice(data.models, await context.loadPricing());
    if (ordered === null || data.models.length < 2) {
      throw new InvalidArgumentError('--weak', `Say which models to route between: --weak M --strong M, or --models cheap,...,top (the data has ${data.models.join(', ')}, and the catalog cannot price them all to order them).`);
    }
    tiers = ordered;
  }
  if (new Set(tiers).size !== tiers.length || tiers.length < 2) throw new InvalidArgumentError('--models', 'Route between at least two different models.');
  const catalog = await context.loadPricing();
  const { model, report } = trainRouteClassifier(data.rows, {
    tiers,
    tierNumbers: tiers.map((id) => {
      const known = normalizeModelId(id, catalog.registry);
      return known.ok ? known.model.tier : undefined;
    }),
    sources: data.sources,
    label: options.label,
    ...(options.targetShare !== undefined && { targetStrongShare: options.targetShare }),
    ...(options.holdout !== undefined && { holdoutShare: options.holdout }),
  });
  const text = JSON.stringify(model);
  await writeFile(resolve(context.io.cwd, options.out), text);
  if (options.json === true) {
    context.io.stdout(formatJson({ out: options.out, bytes: text.length, notes: data.notes, report }));
    return;
  }
  const { io } = context;
  io.stdout(`Trained a router on ${data.rows.length} prompts (${report.trainRows} to train, ${report.holdoutRows} held out) in ${report.seconds.toFixed(1)} s\n`);
  for (const note of data.notes) io.stdout(`note: ${note}\n`);
  io.stdout(`ladder: ${tiers.join(' → ')}; label: ${model.label}\n`);
  io.stdout(`features: ${report.features.words} words/bigrams, ${report.features.chars} character n-grams, ${report.features.signals} signals\n`);
  if (report.holdout !== undefined) {
    printTable(context, {
      title: `Held-out prompts (${report.holdoutRows}): ${tiers[0]} vs ${tiers[tiers.length - 1]}`,
      head: ['router', 'APGR', 'CPT(50%)', 'CPT(80%)', 'note'],
      rows: [report.holdout.ours, report.holdout.random, report.holdout.length].map(pairSummaryRow),
      numeric: true,
    });
  } else {
    io.stdout('No held-out figures (fewer than 20 prompts or --holdout 0): run `frugal route eval` on other data.\n');
  }
  io.stdout(`threshold ${model.calibration.threshold.toFixed(4)} sends ~${(model.calibration.targetStrongShare * 100).toFixed(0)}% to the top tier on ${model.calibration.referenceSource}\n`);
  io.stdout(`wrote ${options.out} (${(text.length / 1024).toFixed(0)} KiB)\n`);
}

interface EvalOptions {
  router: string;
  data: string[];
  suite?: string;
  json?: boolean;
  chart?: string;
  cost?: string[];
  targetShare?: number;
  cascade?: boolean;
  cascadePattern?: string;
  cascadeJson?: boolean;
  languages?: string;
}

async function loadRouter(path: string, context: CommandContext, targetShare?: number): Promise<RouterConfig & { kind: 'classifier' | 'rules' }> {
  const config = await readRouterConfig(path, { cwd: context.io.cwd, catalog: await context.loadPricing() });
  return targetShare === undefined ? config : { ...config, target: { strongShare: targetShare } };
}

async function runEval(options: EvalOptions, context: CommandContext): Promise<void> {
  const config = await loadRouter(options.router, context, options.targetShare);
  const data = await readOutcomeData(options.data, context.io.cwd, options.suite === undefined ? {} : { suite: options.suite });
  const cascade: ValidatorSpec | undefined =
    options.cascade === true || options.cascadePattern !== undefined || options.cascadeJson === true
      ? {
          ...(options.cascadePattern !== undefined && { pattern: options.cascadePattern }),
          ...(options.cascadeJson === true && { json: true }),
          ...(options.languages !== undefined && { languages: options.languages.split(',').map((language) => language.trim()) }),
        }
      : undefined;
  const costs = parseCosts(options.cost);
  const report = evaluateRouterOnData(config, data, { ...(costs !== undefined && { costs }), ...(cascade !== undefined && { cascade }) });
  if (options.chart !== undefined) await writeFile(resolve(context.io.cwd, options.chart), await renderSvg(buildRouteChartSpec(report)));
  if (options.json === true) {
    context.io.stdout(formatJson(report));
    return;
  }
  const { tables, lines } = describeRouteEval(report);
  context.io.stdout(`frugal route eval: ${options.router} (${config.kind})\n`);
  for (const table of tables) printTable(context, table);
  context.io.stdout(`\n${lines.join('\n')}\n`);
  if (options.chart !== undefined) context.io.stdout(`chart: ${options.chart}\n`);
}

interface ExplainOptions {
  router: string;
  task?: string;
  format?: (typeof outputFormats)[number];
  top: string;
  json?: boolean;
}

async function runExplain(prompt: string, options: ExplainOptions, context: CommandContext): Promise<void> {
  const top = Number(options.top);
  if (!Number.isInteger(top) || top < 1) throw new InvalidArgumentError('--top', `--top must be a whole number of 1 or more, got "${options.top}".`);
  const router = createRouter(await loadRouter(options.router, context));
  const request: ModelRequest = { modelId: 'unrouted', messages: [{ role: 'user', content: [{ text: prompt }] }] };
  const explanation = router.explain(request, { ...(options.task !== undefined && { task: options.task }), ...(options.format !== undefined && { outputFormat: options.format }) }, top);
  if (options.json === true) {
    context.io.stdout(formatJson(explanation));
    return;
  }
  const { io } = context;
  const { decision, signals } = explanation;
  io.stdout(`tier ${decision.tier}: ${decision.modelId}${decision.promptRouter ? ' (Bedrock prompt router: it picks the model)' : ''}\n`);
  io.stdout(`why: ${decision.reason}\n`);
  io.stdout(`signals: ~${signals.estimatedInputTokens} input tokens, format ${signals.outputFormat}, depth ${signals.depth}, tools ${signals.toolsPresent ? 'yes' : 'no'}, task ${signals.task ?? '—'}\n`);
  if (explanation.rulesTried.length > 0) io.stdout(`rules: ${explanation.rulesTried.map((rule) => `${rule.name} ${rule.matched ? '✓ matched' : '✗'}`).join(', ')}\n`);
  const classifier = explanation.classifier;
  if (classifier !== undefined) {
    io.stdout(`classifier: need for the top tier ${classifier.score.need.toFixed(4)} vs threshold ${classifier.threshold.toFixed(4)}\n`);
    io.stdout(`calibration: ${classifier.calibration}\n`);
    printTable(context, {
      title: `Top ${classifier.contributions.length} features (> 0 pushes toward the top tier)`,
      head: ['feature', 'value', 'effect'],
      rows: classifier.contributions.map((entry) => [JSON.stringify(entry.feature), entry.value.toFixed(3), `${entry.towardTop >= 0 ? '+' : ''}${entry.towardTop.toFixed(3)}`]),
      numeric: true,
    });
  }
}

const promptLineSchema = z.strictObject({
  prompt: z.string().min(1),
  system: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
  conversationId: z.string().min(1).optional(),
  /** Answer key for `frugal emulator` (sent as request metadata; real Bedrock only logs it). */
  expected: z.string().min(1).optional(),
  choices: z.array(z.string().min(1)).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

interface TryItem {
  request: ModelRequest;
  context: RouteContext;
  label: string;
  expected?: string;
}

interface TryOptions {
  router: string;
  endpoint?: string;
  region: string;
  prompt?: string;
  prompts?: string;
  suite?: string;
  limit?: number;
  system?: string;
  task?: string;
  cascade?: boolean;
  cascadePattern?: string;
  maxTokens?: string;
  json?: boolean;
}

async function readText(path: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new ParseError(`cannot read the ${what}: ${(error as Error).message}`, { file: path }, { cause: error });
  }
}

/** One request per prompt line: the prompt as the user turn, an optional system prompt and answer key. */
function promptItem(line: z.output<typeof promptLineSchema>, maxTokens: number): TryItem {
  const metadata: Record<string, string> = { ...line.metadata };
  if (line.expected !== undefined) metadata['frugal_expected'] = line.expected;
  if (line.task !== undefined) metadata['frugal_task'] = line.task;
  if (line.choices !== undefined) metadata['frugal_choices'] = line.choices.join('|');
  return {
    request: {
      modelId: 'routed',
      ...(line.system !== undefined && { system: [{ text: line.system }] }),
      messages: [{ role: 'user', content: [{ text: line.prompt }] }],
      inferenceConfig: { maxTokens },
      ...(Object.keys(metadata).length > 0 && { requestMetadata: metadata }),
    },
    context: { ...(line.task !== undefined && { task: line.task }), ...(line.conversationId !== undefined && { conversationId: line.conversationId }) },
    label: line.prompt,
    ...(line.expected !== undefined && { expected: line.expected }),
  };
}

async function readTryItems(options: TryOptions, cwd: string, maxTokens: number): Promise<TryItem[]> {
  const given = [options.prompt, options.prompts, options.suite].filter((value) => value !== undefined).length;
  if (given !== 1) throw new InvalidArgumentError('--prompt', 'Give exactly one of --prompt TEXT, --prompts FILE.jsonl or --suite SUITE.yaml.');
  const system = options.system === undefined ? undefined : await readText(options.system, cwd, 'system prompt file');
  if (options.prompt !== undefined) return [promptItem({ prompt: options.prompt, ...(system !== undefined && { system }), ...(options.task !== undefined && { task: options.task }) }, maxTokens)];
  if (options.suite !== undefined) {
    // The suite's own requests (system prompt, few-shot turns, answer keys for the emulator), as bench sent them.
    const suite = await loadSuite(resolve(cwd, options.suite));
    const limit = options.limit ?? 20;
    return suite.tasks.flatMap((task) =>
      task.examples.slice(0, limit).map((example) => {
        const built = buildTaskRequest({ suite: suite.name, task, example, modelId: 'routed', caching: false, answerKeys: true });
        return { request: built.request, context: { task: task.name }, label: `${task.name}/${example.id}`, ...(built.answerKey !== undefined && { expected: built.answerKey.expected }) };
      }),
    );
  }
  const file = options.prompts as string;
  const items: TryItem[] = [];
  (await readText(file, cwd, 'prompts file')).split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ParseError(`not JSON: ${(error as Error).message}`, { file, line: index + 1 }, { cause: error });
    }
    const parsed = promptLineSchema.safeParse(value);
    if (!parsed.success) throw new ParseError(`expected {"prompt": "...", "system"?, "task"?, "conversationId"?, "expected"?, "choices"?, "metadata"?}: ${formatSchemaIssues(parsed.error).slice(0, 3).join('; ')}`, { file, line: index + 1 });
    items.push(promptItem({ ...(system !== undefined && { system }), ...parsed.data }, maxTokens));
  });
  if (items.length === 0) throw new ParseError('no prompts in the file.', { file });
  return items;
}

async function runTry(options: TryOptions, context: CommandContext): Promise<void> {
  const { io } = context;
  const maxTokens = options.maxTokens === undefined ? 300 : Number(options.maxTokens);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new InvalidArgumentError('--max-tokens', `--max-tokens must be a whole number of 1 or more, got "${options.maxTokens}".`);
  const catalog = await context.loadPricing();
  const router = createRouter(await loadRouter(options.router, context));
  const items = await readTryItems(options, io.cwd, maxTokens);
  const provider = createBedrockProvider({
    region: options.region,
    ...(options.endpoint !== undefined && {
      endpoint: options.endpoint,
      // The emulator accepts any credentials; real ones from the environment are used when present.
      credentials: { accessKeyId: io.env['AWS_ACCESS_KEY_ID'] ?? 'test', secretAccessKey: io.env['AWS_SECRET_ACCESS_KEY'] ?? 'test', ...(io.env['AWS_SESSION_TOKEN'] !== undefined && { sessionToken: io.env['AWS_SESSION_TOKEN'] }) },
    }),
  });
  const validators = options.cascade === true || options.cascadePattern !== undefined ? createValidators(options.cascadePattern === undefined ? {} : { pattern: options.cascadePattern }) : undefined;
  const rows: string[][] = [];
  const records: unknown[] = [];
  let total = 0;
  let unknownCost = false;
  let correct = 0;
  let keyed = 0;
  const perTier = new Map<number, number>();
  for (const [index, item] of items.entries()) {
    const outcome = await invokeRouted(item.request, item.context, { router, provider, catalog, region: options.region, ...(validators !== undefined && { validators, cascade: 'always' as const }) });
    const text = outcome.result.output.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    const answer = (text.split('\n')[0] ?? '').trim();
    if (outcome.totalCostUsd === null) unknownCost = true;
    else total += outcome.totalCostUsd;
    perTier.set(outcome.finalTier, (perTier.get(outcome.finalTier) ?? 0) + 1);
    const right = item.expected === undefined ? undefined : answer.toLowerCase() === item.expected.trim().toLowerCase();
    if (right !== undefined) {
      keyed += 1;
      if (right) correct += 1;
    }
    const escalations = outcome.attempts.filter((attempt) => attempt.outcome === 'escalated').map((attempt) => `tier ${attempt.tier}: ${attempt.failure ?? ''}`);
    const { decision } = outcome;
    rows.push([
      String(index + 1),
      item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label,
      `${decision.tier} ${decision.policy}${decision.score === undefined ? '' : ` ${decision.score.toFixed(2)}`}`,
      outcome.result.modelId,
      formatUsd(outcome.totalCostUsd, { precise: true }),
      escalations.length === 0 ? (outcome.outcome === 'refused' ? 'refused' : '—') : escalations.join('; '),
      `${answer.slice(0, 24)}${right === undefined ? '' : right ? ' ✓' : ' ✗'}`,
    ]);
    records.push({ item: item.label, decision, servedModelId: outcome.result.modelId, outcome: outcome.outcome, attempts: outcome.attempts.map(({ cost: _cost, ...attempt }) => attempt), totalCostUsd: outcome.totalCostUsd, answer, correct: right });
  }
  if (options.json === true) {
    io.stdout(formatJson({ requests: records, totalCostUsd: unknownCost ? null : total }));
    return;
  }
  io.stdout(`frugal route try: ${items.length} request(s) through ${options.router} to ${options.endpoint ?? `Amazon Bedrock ${options.region}`}\n`);
  io.stdout(formatTable(['#', 'request', 'tier / policy / score', 'served by', 'cost', 'escalations', 'answer'], rows));
  io.stdout(`tiers: ${[...perTier].sort((a, b) => a[0] - b[0]).map(([tier, count]) => `tier ${tier} (${router.tiers[tier - 1]?.modelId}) ${count}`).join(', ')}\n`);
  io.stdout(`total cost ${unknownCost ? 'unknown (a provider did not report usage)' : formatUsd(total, { precise: true })}${keyed > 0 ? `; answers right ${correct}/${keyed}` : ''}\n`);
  if (options.endpoint !== undefined) io.stdout('Against frugal emulator the models are simulations: this shows the routing at work, not how real models answer.\n');
}

export function registerRouteCommand(program: Command, context: CommandContext): void {
  const route = program.command('route').description(commandSummaries.route.description);
  route
    .command('train')
    .description('train the learned router (TF-IDF + signals, logistic regression) on per-prompt outcomes')
    .requiredOption('--data <path>', 'outcomes CSV (prompt + one correctness column per model), a directory of them, or bench results (.jsonl); repeatable', collect)
    .requiredOption('--out <router.json>', 'where to write the router')
    .option('--suite <suite.yaml>', 'for bench results: the suite the run used, when its recorded path does not resolve from here')
    .option('--weak <model>', 'the cheap model (data column)')
    .option('--strong <model>', 'the top model (data column)')
    .option('--models <a,b,c>', 'the ladder, cheapest first (instead of --weak/--strong)')
    .option('--target-share <share>', 'default share of traffic for the top tier (0..1 or %)', parseFraction('--target-share'))
    .option('--holdout <share>', 'share of prompts held out to calibrate and report (default 0.2)', parseFraction('--holdout'))
    .option('--label <label>', 'gain (top tier beats this tier) or acceptable (this tier is right)', parseChoice('--label', ['gain', 'acceptable'] as const), 'gain')
    .option('--json', 'machine-readable output')
    .action((options: TrainOptions) => runTrain(options, context));
  route
    .command('eval')
    .description('evaluate a router on labelled outcomes: APGR, CPT(50%/80%), routing accuracy, cost saved, latency; random/length/oracle beside it')
    .requiredOption('--router <file>', 'router.json (trained) or rules.yaml')
    .requiredOption('--data <path>', 'outcomes CSV, a directory of them, or bench results; repeatable', collect)
    .option('--suite <suite.yaml>', 'for bench results: the suite the run used, when its recorded path does not resolve from here')
    .option('--cost <model=usd>', 'USD per call for a model, where the data has no costs; repeatable', collect)
    .option('--target-share <share>', 'calibrate the classifier to this top-tier share instead of the file\'s', parseFraction('--target-share'))
    .option('--cascade', 'also replay a cascade (truncation, refusal, hedging validators) on the recorded cheap answers')
    .option('--cascade-pattern <regex>', 'cascade: the cheap answer must match this (implies --cascade)')
    .option('--cascade-json', 'cascade: the cheap answer must be JSON (implies --cascade)')
    .option('--languages <list>', 'cascade: phrase-list languages (default: all)')
    .option('--chart <out.svg>', 'write the PGR (or cost-quality) chart as SVG')
    .option('--json', 'the full report as JSON')
    .action((options: EvalOptions) => runEval(options, context));
  route
    .command('explain')
    .description('which tier a prompt goes to, and why: rule matched, classifier score vs threshold, top features')
    .argument('<prompt>', 'the prompt text')
    .requiredOption('--router <file>', 'router.json (trained) or rules.yaml')
    .option('--task <task>', 'task type, as the caller would pass it')
    .option('--format <format>', `expected output: ${outputFormats.join(', ')}`, parseChoice('--format', outputFormats))
    .option('--top <n>', 'how many features to show', '8')
    .option('--json', 'machine-readable output')
    .action((prompt: string, options: ExplainOptions) => runExplain(prompt, options, context));
  route
    .command('try')
    .description('send prompts through the router to Bedrock or `frugal emulator`: decision, model that served, cost, escalations')
    .requiredOption('--router <file>', 'router.json (trained) or rules.yaml')
    .option('--endpoint <url>', 'Bedrock Runtime endpoint, e.g. a running `frugal emulator` (dummy credentials are fine there)')
    .option('--region <region>', 'AWS Region', 'us-east-1')
    .option('--prompt <text>', 'one prompt')
    .option('--prompts <file.jsonl>', 'one {"prompt", "system"?, "task"?, "conversationId"?, "expected"?, "choices"?} per line')
    .option('--suite <suite.yaml>', 'the examples of a bench suite, sent as bench sends them (answer keys included for the emulator)')
    .option('--limit <n>', 'with --suite: examples per task (default 20)', parseCount('--limit'))
    .option('--system <file>', 'a system prompt for --prompt / --prompts')
    .option('--task <task>', 'task type for --prompt')
    .option('--cascade', 'climb the ladder when an answer fails validation (truncation, refusal, hedging)')
    .option('--cascade-pattern <regex>', 'cascade: the answer must match this (implies --cascade)')
    .option('--max-tokens <n>', 'output cap per call (default 300)')
    .option('--json', 'machine-readable output')
    .action((options: TryOptions) => runTry(options, context));
}
