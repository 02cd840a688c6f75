import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatUsd, InvalidArgumentError } from '../../core/index.js';
import {
  type CacheTtlChoice,
  convertLedgerRowToLayout,
  convertLedgerRowToLintRequest,
  type LintRequest,
  describeCacheAnchor,
  describeFindingPosition,
  lintCachePrefixes,
  type ModelCachePlan,
  planCacheForTraffic,
  readLedgerRequests,
  readPromptLayout,
  readRequestLog,
  type TrafficRequest,
} from '../../cache/index.js';
import { defaultLedgerPath, openLedger } from '../../ledger/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseChoice, parseCount } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

interface CachePlanOptions {
  model?: string;
  region?: string;
  ttl: CacheTtlChoice;
  ledger?: string;
  task?: string;
  since?: string;
  skipInvalid?: boolean;
  json?: boolean;
}

interface CacheLintOptions {
  model?: string;
  minStaticTokens: number;
  ledger?: string;
  task?: string;
  since?: string;
  json?: boolean;
}

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const minute = (time: number): string => new Date(time).toISOString().slice(0, 16).replace('T', ' ');

async function readText(path: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(what, `Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Requests from a REQUESTS file, or from the ledger's stored prompt blocks. */
async function readTraffic(file: string | undefined, options: CachePlanOptions, io: CliIo, catalog: PricingCatalog): Promise<{ traffic: TrafficRequest[]; notes: string[] }> {
  if (file !== undefined && options.ledger !== undefined) throw new InvalidArgumentError('REQUESTS', 'Give either a REQUESTS file or --ledger, not both.');
  if (file !== undefined) {
    const log = readRequestLog(await readText(file, io.cwd, 'REQUESTS'), { file, requireTimestamp: true, skipInvalid: options.skipInvalid === true, ...(options.model !== undefined && { modelId: options.model }) });
    const notes = log.problems.slice(0, 5).map((problem) => `skipped: ${problem.message}`);
    if (log.problems.length > 5) notes.push(`skipped ${log.problems.length - 5} more invalid lines`);
    return { traffic: log.requests.map((request) => ({ time: request.time ?? 0, modelId: request.modelId, layout: readPromptLayout(request.request), line: request.line })), notes };
  }
  if (options.ledger === undefined) throw new InvalidArgumentError('REQUESTS', 'Give a REQUESTS file (JSONL of {timestamp, modelId?, body}) or --ledger with --task/--since.');
  const ledger = await openLedger(options.ledger, { cwd: io.cwd });
  try {
    const rows = await readLedgerRequests(ledger, { ...(options.task !== undefined && { task: options.task }), ...(options.since !== undefined && { since: options.since }), ...(options.model !== undefined && { model: options.model }) }, catalog, new Date());
    const hashes = [...new Set(rows.flatMap((row) => row.promptBlocks.filter((block) => block.kind === 'tools' || block.kind === 'system').map((block) => block.hash)))];
    const texts = new Map((await ledger.query.promptTexts(hashes)).map((text) => [text.hash, text.text]));
    const traffic: TrafficRequest[] = [];
    let withoutBody = 0;
    for (const row of rows) {
      const layout = convertLedgerRowToLayout(row, texts);
      if (layout === undefined) withoutBody += 1;
      else traffic.push({ time: Date.parse(row.usageStart), modelId: row.rawModelId, layout });
    }
    const notes = withoutBody > 0 ? [`${count(withoutBody)} ledger rows have no logged request body (text delivery off in invocation logging) and were left out`] : [];
    return { traffic, notes };
  } finally {
    await ledger.close();
  }
}

function printModelPlan(io: CliIo, result: ModelCachePlan): void {
  const { plan, rules } = result;
  io.stdout(`${result.modelName} (${result.modelId}) in ${result.region}: ${count(result.requests)} requests, ${minute(result.firstTime)} to ${minute(result.lastTime)} UTC\n`);
  if (rules.supported) {
    io.stdout(`Caching rules (catalog): at least ${count(rules.minTokensPerCheckpoint)} tokens before a cache point, up to ${rules.maxCheckpoints}, TTL ${rules.ttls.join(' or ')}, in ${rules.fields.join(', ')}${rules.maxCachedTokens === undefined ? '' : `, at most ${count(rules.maxCachedTokens)} tokens cached`}\n`);
  }
  const best = plan.best;
  if (plan.verdict === 'unsupported' || plan.verdict === 'no-shared-prefix' || best === undefined) {
    io.stdout(`No caching: ${plan.reason ?? 'nothing to cache'}.\n\n`);
    return;
  }
  io.stdout(
    `${plan.verdict === 'cache' ? 'Recommended cache points' : 'Best cache points found'} (TTL ${best.ttl}): expected hit rate ${percent(best.hitRate)} of requests; ` +
      `${percent(best.totalInputTokens === 0 ? 0 : best.cacheReadTokens / best.totalInputTokens)} of input tokens read from the cache\n`,
  );
  io.stdout(
    formatTable(
      ['#', 'cache point', 'requests with it', 'requests reading', 'tokens read', 'tokens written', 'saving'],
      best.perAnchor.map((outcome, index) => [String(index + 1), describeCacheAnchor(outcome.anchor), count(outcome.placed), count(outcome.readRequests), count(outcome.readTokens), count(outcome.writeTokens), formatUsd(outcome.saving)]),
      ['right', 'left', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  const baseline = result.baseline.total;
  const cached = result.cached?.total ?? null;
  if (baseline !== null && cached !== null) {
    const saving = baseline - cached;
    io.stdout(
      plan.verdict === 'cache'
        ? `Input cost: ${formatUsd(baseline)} without caching, ${formatUsd(cached)} with these cache points: saving ${formatUsd(saving)} (${percent(baseline === 0 ? 0 : saving / baseline)}). Output tokens cost the same either way.\n`
        : `Caching would cost more: ${formatUsd(cached)} instead of ${formatUsd(baseline)} for input (${formatUsd(-saving)} more); ${plan.reason ?? ''}.\n`,
    );
  }
  for (const other of plan.byTtl.filter((simulation) => simulation !== best)) {
    io.stdout(`With TTL ${other.ttl} instead: hit rate ${percent(other.hitRate)}, saving ${formatUsd(other.baselineCost - other.cachedCost)}.\n`);
  }
  if (plan.verdict === 'cache') {
    io.stdout(`Apply with placeCachePoints (createClient, gateway): anchors ${JSON.stringify(best.anchors)}, ttl "${best.ttl}"\n`);
  }
  for (const warning of result.warnings) io.stdout(`note: ${warning}\n`);
  io.stdout('\n');
}

export function registerCacheCommand(program: Command, context: CommandContext): void {
  const cache = program.command('cache').description(commandSummaries.cache.description);

  cache
    .command('plan')
    .description('choose up to 4 cache points per model by simulating Bedrock\'s prompt cache on the requests\' real timestamps')
    .argument('[requests]', 'JSONL, one request per line: {"timestamp": ISO or epoch ms, "modelId"?: id, "body": Converse or InvokeModel body}')
    .option('--model <id>', 'model for lines without modelId; with --ledger, only this model\'s traffic')
    .option('--region <region>', 'Region for prices (default: the model id\'s, else the catalog default)')
    .option('--ttl <ttl>', 'cache TTL: 5m, 1h (where the model offers it) or auto (the cheaper)', parseChoice('--ttl', ['5m', '1h', 'auto'] as const), 'auto')
    .option('--ledger <path-or-url>', `read traffic from the ledger instead (DuckDB file or postgres://..., e.g. ./${defaultLedgerPath})`)
    .option('--task <task>', 'with --ledger: only this task')
    .option('--since <when>', 'with --ledger: 7d, 24h, 90m, or an ISO date')
    .option('--skip-invalid', 'skip bad lines (reported) instead of stopping at the first')
    .option('--json', 'machine-readable output')
    .action(async (file: string | undefined, options: CachePlanOptions) => {
      const catalog = await context.loadPricing();
      const { traffic, notes } = await readTraffic(file, options, context.io, catalog);
      if (traffic.length === 0) throw new InvalidArgumentError('REQUESTS', 'No requests to plan for (the file or the ledger selection is empty).');
      const plans = planCacheForTraffic(traffic, { catalog, ttl: options.ttl, ...(options.region !== undefined && { region: options.region }), ...(options.model !== undefined && { model: options.model }) });
      if (plans.length === 0) throw new InvalidArgumentError('--model', `No requests for ${options.model ?? 'any model'} in the input.`);
      if (options.json === true) {
        context.io.stdout(formatJson({ plans: plans.map(({ plan, ...rest }) => ({ ...rest, plan: { ...plan, best: plan.best === undefined ? undefined : { ...plan.best, perRequest: undefined }, byTtl: plan.byTtl.map((simulation) => ({ ...simulation, perRequest: undefined })) } })), notes, priceVersion: catalog.version }));
        return;
      }
      for (const result of plans) printModelPlan(context.io, result);
      for (const note of notes) context.io.stdout(`note: ${note}\n`);
      context.io.stdout('Token counts are frugal\'s estimate (see README, "Token estimates"); hit rates come from replaying the timestamps, not from the token counts.\n');
    });

  cache
    .command('lint')
    .description('flag what breaks exact-prefix matching: changing values before static text, whitespace and JSON key order, tool order')
    .argument('[prompts]', 'JSONL of requests, as for cache plan ({"timestamp"?, "modelId"?, "body"})')
    .option('--model <id>', 'model id for lines without one (only used to read the bodies); with --ledger, only this model')
    .option('--ledger <path-or-url>', 'lint ledger traffic instead (its stored system and tool text; messages by hash)')
    .option('--task <task>', 'with --ledger: only this task')
    .option('--since <when>', 'with --ledger: 7d, 24h, 90m, or an ISO date')
    .option('--min-static-tokens <n>', 'static text after a changing value must reach this many tokens to be flagged', parseCount('--min-static-tokens'), 100)
    .option('--json', 'machine-readable output')
    .action(async (file: string | undefined, options: CacheLintOptions) => {
      const { io } = context;
      const { requests, unit, ids } = await readLintRequests(file, options, io, await context.loadPricing());
      const findings = lintCachePrefixes(requests, { minStaticTokens: options.minStaticTokens });
      if (options.json === true) {
        io.stdout(formatJson({ requests: requests.length, findings: findings.map((finding) => ({ ...finding, ...(ids !== undefined && { requestIds: finding.lines.map((line) => ids[line - 1]) }) })) }));
        context.exitCode = findings.some((finding) => finding.severity === 'error') ? 1 : 0;
        return;
      }
      if (findings.length === 0) {
        io.stdout(`${count(requests.length)} requests: nothing found that breaks prefix caching.\n`);
        return;
      }
      io.stdout(`${count(requests.length)} requests, ${findings.length} finding${findings.length === 1 ? '' : 's'}:\n\n`);
      for (const finding of findings) {
        const more = finding.count > 1 ? ` (and ${count(finding.count - 1)} more request${finding.count === 2 ? '' : 's'}: ${unit}s ${finding.lines.slice(1, 6).join(', ')}${finding.count > 6 ? ', ...' : ''})` : '';
        const id = ids === undefined ? '' : ` [request ${ids[finding.line - 1] ?? '?'}]`;
        io.stdout(`${finding.severity} ${finding.rule} at ${describeFindingPosition(finding, unit)}${id}${more}\n  ${finding.message}\n  near: ${finding.excerpt}\n  fix: ${finding.suggestion}\n\n`);
      }
      context.exitCode = findings.some((finding) => finding.severity === 'error') ? 1 : 0;
    });
}

/** Requests to lint from a file, or from the ledger (rows numbered in time order, with their request ids). */
async function readLintRequests(file: string | undefined, options: CacheLintOptions, io: CliIo, catalog: PricingCatalog): Promise<{ requests: LintRequest[]; unit: 'line' | 'row'; ids?: string[] }> {
  if ((file === undefined) === (options.ledger === undefined)) throw new InvalidArgumentError('PROMPTS', 'Give a PROMPTS file (JSONL of requests) or --ledger with --task/--since, not both.');
  if (file !== undefined) {
    const log = readRequestLog(await readText(file, io.cwd, 'PROMPTS'), { file, modelId: options.model ?? 'unspecified' });
    return { requests: log.requests, unit: 'line' };
  }
  const ledger = await openLedger(options.ledger ?? defaultLedgerPath, { cwd: io.cwd });
  try {
    const rows = await readLedgerRequests(ledger, { ...(options.task !== undefined && { task: options.task }), ...(options.since !== undefined && { since: options.since }), ...(options.model !== undefined && { model: options.model }) }, catalog, new Date());
    const hashes = [...new Set(rows.flatMap((row) => row.promptBlocks.filter((block) => block.kind === 'tools' || block.kind === 'system').map((block) => block.hash)))];
    const texts = new Map((await ledger.query.promptTexts(hashes)).map((text) => [text.hash, text.text]));
    const requests: LintRequest[] = [];
    const ids: string[] = [];
    for (const row of rows) {
      const request = convertLedgerRowToLintRequest(row, texts);
      if (request === undefined) continue;
      ids.push(row.requestId);
      requests.push({ line: ids.length, request });
    }
    if (requests.length === 0) throw new InvalidArgumentError('--ledger', `No ledger rows with a logged request body to lint (${rows.length} selected).`);
    return { requests, unit: 'row', ids };
  } finally {
    await ledger.close();
  }
}
