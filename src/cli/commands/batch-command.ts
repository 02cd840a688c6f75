import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { FrugalError, formatUsd, InvalidArgumentError } from '../../core/index.js';
import {
  type BatchClients,
  type BatchItem,
  type BatchJobStatus,
  type BatchPlan,
  type BatchQuotas,
  collectBatchResults,
  convertLedgerRowToItem,
  convertLoggedRequestToItem,
  createBatchClients,
  type LedgerSkipReason,
  planBatch,
  pollBatchJobs,
  readBatchPlan,
  readBatchState,
  readPromptFile,
  readRetryItems,
  readSuiteItems,
  submitBatchPlan,
  waitForBatchJobs,
  writeBatchPlan,
  writeBatchResults,
} from '../../batch/index.js';
import { readLedgerRequests } from '../../cache/index.js';
import { defaultLedgerPath, isPostgresUrl, openLedger } from '../../ledger/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseChoice, parseCount, parsePositiveNumber } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';
import { credentialsFrom, s3SettingsFrom } from '../s3-settings-from.js';

interface PlanOptions {
  model?: string;
  out?: string;
  region?: string;
  api?: 'invoke' | 'converse';
  maxTokens: number;
  outputTokens?: number;
  task?: string;
  ledger?: string;
  since?: string;
  retryFailed?: string;
  minRecordsPerJob?: number;
  maxRecordsPerJob?: number;
  maxRecordsPerFile?: number;
  maxFileBytes?: number;
  maxJobBytes?: number;
  json?: boolean;
}
interface ConnectionOptions {
  region?: string;
  endpoint?: string;
  s3Endpoint?: string;
}
interface SubmitOptions extends ConnectionOptions {
  bucket: string;
  prefix?: string;
  roleArn: string;
  timeoutHours?: number;
  createBucket?: boolean;
}
interface StatusOptions extends ConnectionOptions {
  wait?: boolean;
  interval: number;
  json?: boolean;
}
interface CollectOptions extends ConnectionOptions {
  out?: string;
  ledger: string | false;
  json?: boolean;
}

const count = (value: number): string => value.toLocaleString('en-US');
/** A job's cost, exact enough under a dollar that batch and on-demand compare. */
const jobMoney = (value: number | null): string => formatUsd(value, { precise: true });
const bytes = (value: number): string => (value >= 1e9 ? `${(value / 1e9).toFixed(1)} GB` : value >= 1e6 ? `${(value / 1e6).toFixed(1)} MB` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} kB` : `${value} B`);

/** What each Bedrock job status means for the user, and what to do next. */
const statusHints: Record<BatchJobStatus, string> = {
  Submitted: 'queued for validation',
  Validating: 'Bedrock is checking the input files and quotas',
  Scheduled: 'validated, waiting for capacity',
  InProgress: 'running',
  Completed: 'done: run collect',
  PartiallyCompleted: 'the timeout passed before every record ran: collect gets the processed ones; re-plan the rest with --retry-failed',
  Failed: 'the job failed (see message); fix the cause and make a new plan',
  Stopping: 'stopping on request',
  Stopped: 'stopped: collect gets the records processed before the stop',
  Expired: 'never started before the timeout: re-plan with --retry-failed, or submit again with a longer --timeout-hours',
};

function newPlanId(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${day}-${randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6)}`;
}

/** Clients for a plan: flags first, then what submit recorded, then the environment. */
async function clientsFor(dir: string, options: ConnectionOptions, io: CliIo): Promise<{ clients: BatchClients; region: string; endpoint?: string; s3Endpoint?: string }> {
  const submission = (await readBatchState(dir))?.submission;
  const plan = await readBatchPlan(dir);
  const region = options.region ?? submission?.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? plan.model.region;
  const endpoint = options.endpoint ?? submission?.endpoint ?? io.env.AWS_ENDPOINT_URL_BEDROCK;
  const s3Endpoint = options.s3Endpoint ?? submission?.s3Endpoint ?? io.env.AWS_ENDPOINT_URL_S3;
  const credentials = credentialsFrom(io);
  const clients = createBatchClients({ region, ...(endpoint !== undefined && { endpoint }), ...(s3Endpoint !== undefined && { s3Endpoint }), ...(credentials !== undefined && { credentials }) });
  return { clients, region, ...(endpoint !== undefined && { endpoint }), ...(s3Endpoint !== undefined && { s3Endpoint }) };
}

async function readItems(input: string | undefined, options: PlanOptions, io: CliIo, catalog: PricingCatalog): Promise<{ items: BatchItem[]; kind: BatchPlan['input']['kind']; description: string; model?: string; api?: 'invoke' | 'converse'; notes: string[] }> {
  const given = [input !== undefined, options.ledger !== undefined, options.retryFailed !== undefined].filter(Boolean).length;
  if (given !== 1) throw new InvalidArgumentError('INPUT', 'Give exactly one of: an INPUT file (.jsonl or .csv of prompts), --ledger with --task/--since, or --retry-failed PLAN.');
  if (options.retryFailed !== undefined) {
    const retry = await readRetryItems(resolve(io.cwd, options.retryFailed));
    return {
      items: retry.items,
      kind: 'retry',
      description: `${retry.failed} failed and ${retry.notProcessed} unprocessed records of plan ${retry.plan.planId}`,
      model: retry.plan.model.id,
      // The same API as the first plan, so the records go out as they were unless asked otherwise.
      api: retry.plan.invocationType === 'Converse' ? 'converse' : 'invoke',
      notes: [],
    };
  }
  if (input !== undefined) {
    if (/\.ya?ml$/i.test(input)) {
      const suite = await readSuiteItems(resolve(io.cwd, input), options.task);
      return { items: suite.items, kind: 'suite', description: `${input} (suite ${suite.suite})`, model: suite.currentModel, notes: [] };
    }
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, input), 'utf8');
    } catch (error) {
      throw new InvalidArgumentError('INPUT', `Cannot read ${input}: ${(error as Error).message}`, { cause: error });
    }
    return { items: readPromptFile(text, input), kind: /\.csv$/i.test(input) ? 'csv' : 'jsonl', description: input, notes: [] };
  }
  const ledgerArgument = options.ledger ?? defaultLedgerPath;
  const ledger = await openLedger(ledgerArgument, { cwd: io.cwd });
  try {
    const rows = await readLedgerRequests(ledger, { ...(options.task !== undefined && { task: options.task }), ...(options.since !== undefined && { since: options.since }), ...(options.model !== undefined && { model: options.model }) }, catalog, new Date());
    // The exact requests first, read back from the invocation logs the rows came from; the
    // ledger's own text (system prompts, tools, a preview of the user message) where they are gone.
    const { readLoggedRequests } = await import('../../ingest/index.js');
    const logged = await readLoggedRequests(
      rows.filter((row) => row.source === 'invocation-log' && row.sourceFile !== null).map((row) => ({ requestId: row.requestId, sourceFile: row.sourceFile as string, sourceLine: row.sourceLine })),
      { roots: [io.cwd, ...(isPostgresUrl(ledgerArgument) ? [] : [dirname(resolve(io.cwd, ledgerArgument))])], s3: s3SettingsFrom(io, undefined) },
    );
    const hashes = [...new Set(rows.flatMap((row) => row.promptBlocks.filter((block) => block.kind === 'system').map((block) => block.hash)))];
    const texts = new Map((await ledger.query.promptTexts(hashes)).map((text) => [text.hash, text.text]));
    const items: BatchItem[] = [];
    const skipped = new Map<LedgerSkipReason, number>();
    let fromLogs = 0;
    const logProblems: string[] = [];
    /** The row's call as its log holds it, or why not (undefined: the row has no log to read). */
    const fromLog = (row: (typeof rows)[number]): BatchItem | string | undefined => {
      const request = logged.get(row.requestId);
      if (request === undefined || !request.ok) return request?.reason;
      try {
        return convertLoggedRequestToItem(row, request.body);
      } catch (error) {
        if (!FrugalError.isInstance(error)) throw error;
        return error.message;
      }
    };
    for (const row of rows) {
      const exact = fromLog(row);
      if (typeof exact === 'object') {
        items.push(exact);
        fromLogs += 1;
        continue;
      }
      if (exact !== undefined) logProblems.push(exact);
      const item = convertLedgerRowToItem(row, texts);
      if (typeof item === 'string') skipped.set(item, (skipped.get(item) ?? 0) + 1);
      else items.push(item);
    }
    const models = [...new Set(rows.map((row) => row.modelId ?? row.rawModelId))];
    const why: Record<LedgerSkipReason, string> = {
      'no-body': 'no logged request body',
      'not-single-turn': 'multi-turn or with tools',
      'system-text-missing': 'system prompt text not in the ledger',
      'user-text-truncated': 'user message longer than the ledger\'s 160-character preview',
    };
    const notes: string[] = [];
    if (fromLogs > 0) notes.push(`${count(fromLogs)} of ${count(rows.length)} requests read back exactly from their invocation logs`);
    if (logProblems.length > 0) notes.push(`${count(logProblems.length)} requests not read from their logs (${logProblems.length > 1 ? 'the first: ' : ''}${logProblems[0]}), so rebuilt from the ledger where it could`);
    notes.push(...[...skipped.entries()].map(([reason, number]) => `skipped ${count(number)} ledger rows: ${why[reason]}`));
    if (skipped.size > 0) notes.push('the ledger keeps full text only for system prompts and tools; keep the invocation logs where they were ingested from, or export such prompts as JSONL');
    if (items.length === 0) throw new InvalidArgumentError('--ledger', `No ledger rows could be rebuilt as batch records (${rows.length} selected). ${notes.join('; ')}.`);
    const selection = [options.task !== undefined && `task ${options.task}`, options.since !== undefined && `since ${options.since}`].filter(Boolean).join(', ');
    return { items, kind: 'ledger', description: `${ledgerArgument}${selection === '' ? '' : ` (${selection})`}`, ...(models.length === 1 && models[0] !== undefined && { model: models[0] }), notes };
  } finally {
    await ledger.close();
  }
}

function printPlan(io: CliIo, plan: BatchPlan, dir: string, notes: readonly string[]): void {
  const { estimate, quotas } = plan;
  io.stdout(`Planned ${count(plan.records)} records for ${plan.model.name} (${plan.model.id}) in ${plan.model.region}: ${plan.invocationType === 'Converse' ? 'Converse bodies (modelInvocationType Converse)' : `InvokeModel bodies in the ${plan.bodyFormat} format`}\n`);
  io.stdout(`Plan ${plan.planId} written to ${dir}\n`);
  io.stdout(formatTable(['job', 'records', 'files', 'size'], plan.jobs.map((job) => [job.name, count(job.records), String(job.files.length), bytes(job.bytes)]), ['left', 'right', 'right', 'right']));
  const limit = (value: number | undefined, format: (value: number) => string): string => (value === undefined ? 'no limit' : format(value));
  io.stdout(
    `Quotas: ${limit(quotas.minRecordsPerJob, count)} to ${limit(quotas.maxRecordsPerJob, count)} records per job, ${limit(quotas.maxRecordsPerFile, count)} per file, ${limit(quotas.maxFileSizeBytes, bytes)} per file, ${limit(quotas.maxJobSizeBytes, bytes)} per job (catalog defaults unless overridden; check your account's Service Quotas)\n`,
  );
  io.stdout(
    `Tokens (estimated before the run): ${count(estimate.inputTokens)} input, ${count(estimate.outputTokens)} output ${estimate.outputBasis === 'cap' ? '(each record at its max tokens: an upper bound; pass --output-tokens for a typical length)' : '(--output-tokens per record)'}\n`,
  );
  const onDemand = estimate.onDemand.total;
  const batch = estimate.batch.total;
  const saving = onDemand === null || batch === null ? '' : `${formatUsd(onDemand - batch)} (${((onDemand === 0 ? 0 : (onDemand - batch) / onDemand) * 100).toFixed(1)}%)`;
  io.stdout(formatTable(['scenario', 'cost', 'saving'], [['on-demand', jobMoney(onDemand), ''], ['batch', jobMoney(batch), saving]], ['left', 'right', 'right']));
  for (const warning of estimate.warnings) io.stdout(`note: ${warning}\n`);
  for (const note of notes) io.stdout(`note: ${note}\n`);
  io.stdout(`Next: frugal batch submit ${dir} --bucket <bucket> --role-arn <service role ARN>\n`);
}

export function registerBatchCommand(program: Command, context: CommandContext): void {
  const batch = program.command('batch').description(commandSummaries.batch.description);

  batch
    .command('plan')
    .description('build batch records from prompts, split them into jobs within the model\'s quotas, and price the run on-demand vs batch')
    .argument('[input]', 'a frugal bench suite (.yaml; its current model by default) or prompts: .jsonl ({"id"?, "prompt", "system"?, "maxTokens"?, "task"?} or {"id"?, "request": body}) or .csv (prompt column; id, system, max_tokens, task)')
    .option('--model <id>', 'model to run (any id form; required unless the input names one model)')
    .option('--out <dir>', 'plan directory to create (default ./batch-plan-<id>)')
    .option('--region <region>', 'Region for prices and jobs (default: the model id\'s, else the catalog default)')
    .option('--api <api>', 'record bodies: invoke (the model family\'s InvokeModel body, default) or converse (Converse bodies; with --retry-failed, the first plan\'s)', parseChoice('--api', ['invoke', 'converse'] as const))
    .option('--max-tokens <n>', 'output cap for records without one', parseCount('--max-tokens'), 1024)
    .option('--output-tokens <n>', 'expected output tokens per record, for the estimate (default: the cap)', parseCount('--output-tokens'))
    .option('--task <task>', 'task label for the ledger; with --ledger, selects that task\'s traffic; with a suite, only that task')
    .option('--ledger <path-or-url>', 'take the prompts from ledger traffic (with --task, --since)')
    .option('--since <when>', 'with --ledger: 7d, 24h, or an ISO date')
    .option('--retry-failed <plan>', 'plan the failed and unprocessed records of a collected plan again')
    .option('--min-records-per-job <n>', 'quota override (Bedrock default 100)', parseCount('--min-records-per-job'))
    .option('--max-records-per-job <n>', 'quota override', parseCount('--max-records-per-job'))
    .option('--max-records-per-file <n>', 'quota override', parseCount('--max-records-per-file'))
    .option('--max-file-bytes <n>', 'quota override', parseCount('--max-file-bytes'))
    .option('--max-job-bytes <n>', 'quota override', parseCount('--max-job-bytes'))
    .option('--json', 'print the plan as JSON')
    .action(async (input: string | undefined, options: PlanOptions) => {
      const { io } = context;
      const catalog = await context.loadPricing();
      const source = await readItems(input, options, io, catalog);
      const model = options.model ?? source.model;
      if (model === undefined) throw new InvalidArgumentError('--model', 'Give --model: the model to run the batch on.');
      const quotas: BatchQuotas = {
        ...(options.minRecordsPerJob !== undefined && { minRecordsPerJob: options.minRecordsPerJob }),
        ...(options.maxRecordsPerJob !== undefined && { maxRecordsPerJob: options.maxRecordsPerJob }),
        ...(options.maxRecordsPerFile !== undefined && { maxRecordsPerFile: options.maxRecordsPerFile }),
        ...(options.maxFileBytes !== undefined && { maxFileSizeBytes: options.maxFileBytes }),
        ...(options.maxJobBytes !== undefined && { maxJobSizeBytes: options.maxJobBytes }),
      };
      const retryOf = source.kind === 'retry' ? (await readBatchPlan(resolve(io.cwd, options.retryFailed ?? ''))).planId : undefined;
      const planId = newPlanId();
      const planned = planBatch({
        items: source.items,
        catalog,
        model,
        ...(options.region !== undefined && { region: options.region }),
        api: options.api ?? source.api ?? 'invoke',
        maxTokens: options.maxTokens,
        ...(options.outputTokens !== undefined && { outputTokens: options.outputTokens }),
        quotas,
        task: options.task ?? null,
        input: { kind: source.kind, description: source.description },
        planId,
        createdAt: new Date(),
        ...(retryOf !== undefined && { retryOf }),
      });
      const dir = options.out ?? `batch-plan-${planId}`;
      await writeBatchPlan(resolve(io.cwd, dir), planned);
      if (options.json === true) io.stdout(formatJson({ dir, plan: planned.plan, notes: source.notes }));
      else printPlan(io, planned.plan, dir, source.notes);
    });

  batch
    .command('submit')
    .description('upload a plan\'s files to S3 and create its batch jobs; safe to re-run, never creates a job twice')
    .argument('<plan>', 'plan directory')
    .requiredOption('--bucket <bucket>', 'S3 bucket for input and output')
    .option('--prefix <prefix>', 'key prefix in the bucket', '')
    .requiredOption('--role-arn <arn>', 'service role Bedrock uses to read the input and write the output')
    .option('--region <region>', 'AWS Region (default: AWS_REGION, else the plan\'s)')
    .option('--endpoint <url>', 'Bedrock endpoint (e.g. frugal emulator\'s http://127.0.0.1:4010)')
    .option('--s3-endpoint <url>', 'S3 endpoint (default with --endpoint: <endpoint>/s3, where frugal emulator serves S3)')
    .option('--timeout-hours <h>', 'job timeout, 24 to 168 hours (Bedrock default 24)', parseCount('--timeout-hours'))
    .option('--create-bucket', 'create the bucket when it does not exist')
    .action(async (planDir: string, options: SubmitOptions) => {
      const { io } = context;
      const dir = resolve(io.cwd, planDir);
      if (options.timeoutHours !== undefined && (options.timeoutHours < 24 || options.timeoutHours > 168)) throw new InvalidArgumentError('--timeout-hours', `--timeout-hours must be between 24 and 168, got ${options.timeoutHours}.`);
      const { clients, region, endpoint, s3Endpoint } = await clientsFor(dir, options, io);
      try {
        const result = await submitBatchPlan({
          dir,
          clients,
          bucket: options.bucket,
          roleArn: options.roleArn,
          region,
          ...(options.prefix !== undefined && { prefix: options.prefix }),
          ...(endpoint !== undefined && { endpoint }),
          ...(s3Endpoint !== undefined && { s3Endpoint }),
          ...(options.timeoutHours !== undefined && { timeoutHours: options.timeoutHours }),
          ...(options.createBucket === true && { createBucket: true }),
          onEvent: (event) => {
            if (event.type === 'uploaded') io.stdout(`uploaded ${event.uri}\n`);
            else if (event.type === 'created') io.stdout(`created ${event.job}: ${event.jobArn}\n`);
            else if (event.type === 'adopted') io.stdout(`found ${event.job} created by an earlier run: ${event.jobArn}\n`);
            else io.stdout(`already submitted ${event.job}: ${event.jobArn}\n`);
          },
        });
        io.stdout(`${result.plan.jobs.length} job${result.plan.jobs.length === 1 ? '' : 's'}: ${result.created} created now, ${result.alreadySubmitted} already submitted${result.adopted > 0 ? `, ${result.adopted} found from an interrupted run` : ''}. State: ${planDir}/state.json\n`);
        io.stdout(`Next: frugal batch status ${planDir} --wait, then frugal batch collect ${planDir}\n`);
      } finally {
        clients.close();
      }
    });

  batch
    .command('status')
    .description('poll every job of a plan (Submitted, Validating, Scheduled, InProgress, Completed, PartiallyCompleted, Failed, Stopping, Stopped, Expired)')
    .argument('<plan>', 'plan directory')
    .option('--wait', 'poll until every job has finished')
    .option('--interval <seconds>', 'seconds between polls with --wait', parsePositiveNumber('--interval'), 30)
    .option('--region <region>', 'AWS Region (default: the one submit used)')
    .option('--endpoint <url>', 'Bedrock endpoint (default: the one submit used)')
    .option('--json', 'machine-readable output')
    .action(async (planDir: string, options: StatusOptions) => {
      const { io } = context;
      const dir = resolve(io.cwd, planDir);
      const { clients } = await clientsFor(dir, options, io);
      try {
        const polled = options.wait === true ? await waitForBatchJobs({ dir, clients, intervalMs: options.interval * 1000 }) : await pollBatchJobs({ dir, clients });
        if (options.json === true) {
          io.stdout(formatJson({ done: polled.done, jobs: polled.state.jobs }));
          return;
        }
        const rows = polled.plan.jobs.map((planned) => {
          const job = polled.state.jobs.find((candidate) => candidate.index === planned.index);
          const status = job?.status;
          const counts = job?.counts;
          return [
            planned.name,
            status ?? (job?.jobArn === undefined ? 'not submitted' : 'unknown'),
            counts === undefined ? '-' : `${count(counts.processed)}/${count(counts.total || planned.records)}`,
            counts === undefined ? '-' : count(counts.success),
            counts === undefined ? '-' : count(counts.error),
            status === undefined ? 'run submit again to create it' : `${statusHints[status]}${job?.message === undefined ? '' : ` — ${job.message}`}`,
          ];
        });
        io.stdout(formatTable(['job', 'status', 'processed', 'ok', 'errors', 'meaning'], rows, ['left', 'left', 'right', 'right', 'right', 'left']));
        io.stdout(polled.done ? `All jobs have finished. Next: frugal batch collect ${planDir}\n` : 'Some jobs are still running; run status again (or with --wait).\n');
      } finally {
        clients.close();
      }
    });

  batch
    .command('collect')
    .description('download results, join them to the prompts by recordId, report failed records, and write results and batch-priced usage to the ledger')
    .argument('<plan>', 'plan directory')
    .option('--out <file>', 'results file, .jsonl or .csv (default <plan>/results.jsonl)')
    .option('--ledger <path-or-url>', `ledger for the usage rows (default ./${defaultLedgerPath})`, defaultLedgerPath)
    .option('--no-ledger', 'do not write usage rows')
    .option('--region <region>', 'AWS Region (default: the one submit used)')
    .option('--endpoint <url>', 'Bedrock endpoint (default: the one submit used)')
    .option('--s3-endpoint <url>', 'S3 endpoint (default: the one submit used)')
    .option('--json', 'machine-readable summary')
    .action(async (planDir: string, options: CollectOptions) => {
      const { io } = context;
      const dir = resolve(io.cwd, planDir);
      const out = resolve(io.cwd, options.out ?? `${planDir}/results.jsonl`);
      const format = /\.csv$/i.test(out) ? 'csv' : 'jsonl';
      const catalog = await context.loadPricing();
      const { clients } = await clientsFor(dir, options, io);
      const ledger = options.ledger === false ? undefined : await openLedger(options.ledger, { cwd: io.cwd });
      try {
        const result = await collectBatchResults({ dir, clients, catalog, ...(ledger !== undefined && { ledger }), resultsFile: out });
        await writeBatchResults(out, result.results, format);
        if (options.json === true) {
          io.stdout(formatJson({ counts: result.counts, batchCost: result.batchCost, onDemandCost: result.onDemandCost, ledger: result.ledger, resultsFile: out, failed: result.results.filter((entry) => entry.status === 'failed'), warnings: result.warnings }));
          return;
        }
        const { counts } = result;
        io.stdout(`${count(counts.succeeded)} succeeded, ${count(counts.failed)} failed, ${count(counts['not-processed'])} not processed, ${count(counts.pending)} still running. Results: ${out}\n`);
        const batchTotal = result.batchCost.total;
        const onDemandTotal = result.onDemandCost.total;
        if (counts.succeeded > 0) {
          io.stdout(`Cost at the batch price: ${jobMoney(batchTotal)} (the same tokens on demand: ${jobMoney(onDemandTotal)}${batchTotal !== null && onDemandTotal !== null ? `, saved ${jobMoney(onDemandTotal - batchTotal)}` : ''})\n`);
        }
        if (result.ledger !== null) io.stdout(`Ledger ${result.ledger.location}: ${count(result.ledger.inserted)} usage rows added, ${count(result.ledger.alreadyThere)} already there (source batch, mode batch)\n`);
        const failed = result.results.filter((entry) => entry.status === 'failed' || entry.status === 'not-processed');
        if (failed.length > 0) {
          io.stdout(formatTable(['id', 'record', 'job', 'status', 'error'], failed.slice(0, 20).map((entry) => [entry.id, entry.recordId, entry.job, entry.status, `${entry.errorCode === null ? '' : `${entry.errorCode} `}${(entry.errorMessage ?? '').slice(0, 100)}`]), ['left', 'left', 'left', 'left', 'left']));
          if (failed.length > 20) io.stdout(`... and ${count(failed.length - 20)} more in ${out}\n`);
          io.stdout(`Re-plan them: frugal batch plan --retry-failed ${planDir}\n`);
        }
        if (counts.pending > 0) io.stdout(`Some jobs are still running: run collect again when they finish (nothing is counted twice).\n`);
        for (const warning of result.warnings) io.stdout(`note: ${warning}\n`);
      } finally {
        clients.close();
        await ledger?.close();
      }
    });
}
