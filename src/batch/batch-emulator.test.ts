import { ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import { readBatchState, writeBatchPlan } from './batch-plan-files.js';
import { collectBatchResults } from './collect-batch-results.js';
import { type BatchClients, createBatchClients } from './create-batch-clients.js';
import { planBatch } from './plan-batch.js';
import { pollBatchJobs, waitForBatchJobs } from './poll-batch-jobs.js';
import { readPromptFile } from './read-prompt-file.js';
import { readRetryItems } from './read-retry-items.js';
import { submitBatchPlan } from './submit-batch-plan.js';
import { formatBatchResults } from './write-batch-results.js';

const haiku35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const novaLite = 'amazon.nova-lite-v1:0';
const role = 'arn:aws:iam::123456789012:role/frugal-batch';
const catalog = createPricingCatalog();

let emulator: RunningEmulator;
let clients: BatchClients;
let ledger: Ledger;
const workdir = mkdtempSync(join(tmpdir(), 'frugal-batch-'));

beforeAll(async () => {
  // timeScale 0: job statuses are immediate. The emulator's minimum of 5 records per job stands in for Bedrock's 100.
  emulator = await startEmulator({ port: 0, seed: 4, timeScale: 0, batch: { minRecordsPerJob: 5, autoAdvanceMs: null } });
  clients = createBatchClients({ region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  ledger = await openLedger(':memory:');
});
afterAll(async () => {
  clients.close();
  await ledger.close();
  await emulator.close();
});

const prompts = (count: number) =>
  Array.from({ length: count }, (_, index) => JSON.stringify({ id: `ticket-${index + 1}`, prompt: `Classify ticket ${index + 1}: my card was charged twice`, system: 'Answer with one word.', task: 'ticket-classification' })).join('\n');

async function plan(dir: string, text: string, model: string, api: 'invoke' | 'converse', planId: string, quotas: Record<string, number>) {
  const planned = planBatch({ items: readPromptFile(text, 'prompts.jsonl'), catalog, model, region: 'us-east-1', api, maxTokens: 200, quotas, input: { kind: 'jsonl', description: 'prompts.jsonl' }, planId, createdAt: new Date('2026-08-03T10:00:00Z') });
  await writeBatchPlan(dir, planned);
  return planned;
}

/** Wraps the Bedrock client so the nth CreateModelInvocationJob fails, before or after it reaches the service. */
function failCreate(nth: number, when: 'before' | 'after') {
  const original = clients.bedrock.send.bind(clients.bedrock) as (command: unknown) => Promise<unknown>;
  let creates = 0;
  return vi.spyOn(clients.bedrock, 'send').mockImplementation((async (command: { constructor: { name: string } }) => {
    if (command.constructor.name !== 'CreateModelInvocationJobCommand') return original(command);
    creates += 1;
    if (creates !== nth) return original(command);
    if (when === 'after') await original(command);
    throw Object.assign(new Error('socket hang up (simulated interruption)'), { name: 'Error' });
  }) as never);
}

async function jobsNamed(prefix: string): Promise<string[]> {
  const listed = await clients.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: prefix }));
  return (listed.invocationJobSummaries ?? []).map((job) => job.jobName ?? '').sort();
}

describe('frugal batch end to end against the emulator (real AWS SDK clients)', () => {
  it('plans within quotas, survives interrupted submits without duplicate jobs, and collects into the ledger at the batch price', async () => {
    const dir = join(workdir, 'plan-a');
    const planned = await plan(dir, prompts(25), haiku35, 'invoke', '20260803-aaaaaa', { minRecordsPerJob: 5, maxRecordsPerJob: 10, maxRecordsPerFile: 4 });
    // 25 records under a 10-record maximum: three even jobs (9, 8, 8), files of at most 4 records.
    expect(planned.plan.jobs.map((job) => job.records)).toEqual([9, 8, 8]);
    expect(planned.plan.jobs[0]?.files.map((file) => file.records)).toEqual([4, 4, 1]);
    expect(planned.plan.estimate.batch.total).toBeCloseTo((planned.plan.estimate.onDemand.total ?? 0) / 2, 10);

    // Interrupted after the upload of job 1, before its create reached Bedrock.
    const beforeCreate = failCreate(1, 'before');
    await expect(submitBatchPlan({ dir, clients, bucket: 'frugal-demo', prefix: 'runs', roleArn: role, region: 'us-east-1', createBucket: true })).rejects.toThrow(/socket hang up/);
    beforeCreate.mockRestore();
    expect((await readBatchState(dir))?.jobs[0]).toMatchObject({ uploaded: ['part-001.jsonl', 'part-002.jsonl', 'part-003.jsonl'] });
    expect((await readBatchState(dir))?.jobs[0]?.jobArn).toBeUndefined();

    // Interrupted after job 2's create reached Bedrock but before its answer was recorded.
    const afterCreate = failCreate(2, 'after');
    await expect(submitBatchPlan({ dir, clients, bucket: 'frugal-demo', prefix: 'runs', roleArn: role, region: 'us-east-1' })).rejects.toThrow(/socket hang up/);
    afterCreate.mockRestore();
    const midway = await readBatchState(dir);
    expect(midway?.jobs.map((job) => job.jobArn !== undefined)).toEqual([true, false]);

    const finished = await submitBatchPlan({ dir, clients, bucket: 'frugal-demo', prefix: 'runs', roleArn: role, region: 'us-east-1' });
    expect(finished).toMatchObject({ alreadySubmitted: 1, created: 2 });
    const again = await submitBatchPlan({ dir, clients, bucket: 'frugal-demo', prefix: 'runs', roleArn: role, region: 'us-east-1' });
    expect(again).toMatchObject({ alreadySubmitted: 3, created: 0 });
    // Exactly one Bedrock job per planned job, whatever happened on the way.
    expect(await jobsNamed('frugal-20260803-aaaaaa')).toEqual(['frugal-20260803-aaaaaa-01', 'frugal-20260803-aaaaaa-02', 'frugal-20260803-aaaaaa-03']);
    const inputs = await clients.s3.send(new ListObjectsV2Command({ Bucket: 'frugal-demo', Prefix: 'runs/20260803-aaaaaa/frugal-20260803-aaaaaa-01/input/' }));
    expect(inputs.Contents?.map((object) => object.Key?.split('/').pop())).toEqual(['part-001.jsonl', 'part-002.jsonl', 'part-003.jsonl']);

    const polled = await pollBatchJobs({ dir, clients });
    expect(polled.done).toBe(true);
    expect(polled.state.jobs.map((job) => [job.status, job.counts?.success])).toEqual([['Completed', 9], ['Completed', 8], ['Completed', 8]]);

    const collected = await collectBatchResults({ dir, clients, catalog, ledger, resultsFile: join(dir, 'results.jsonl') });
    expect(collected.counts).toEqual({ succeeded: 25, failed: 0, 'not-processed': 0, pending: 0 });
    // Results come back in input order although the emulator shuffles output lines, joined by recordId.
    expect(collected.results.map((result) => result.id)).toEqual(Array.from({ length: 25 }, (_, index) => `ticket-${index + 1}`));
    expect(collected.results[0]?.output).toMatch(/simulated reply/);
    expect(collected.ledger).toMatchObject({ inserted: 25, alreadyThere: 0 });
    expect(collected.manifests.map((entry) => entry.manifest.successRecordCount)).toEqual([9, 8, 8]);

    const rows = await ledger.query.listRequests({ filter: { sources: ['batch'] }, limit: 100 });
    expect(rows).toHaveLength(25);
    const row = rows[0];
    if (row === undefined) throw new Error('no row');
    expect(row).toMatchObject({ source: 'batch', mode: 'batch', modelId: haiku35, task: 'ticket-classification', taskSource: 'explicit', cacheHit: false, pricingStatus: 'priced', maxTokens: 200 });
    // Priced at the catalog's batch rate: half the on-demand price of the same tokens.
    const onDemand = priceUsage({ model: haiku35, region: 'us-east-1', inputTokens: row.inputTokens, outputTokens: row.outputTokens }, catalog).total ?? 0;
    expect(row.cost).toBeCloseTo(onDemand / 2, 12);
    expect(collected.batchCost.total).toBeCloseTo((collected.onDemandCost.total ?? 0) / 2, 10);

    // Collect is idempotent: nothing is inserted twice.
    const second = await collectBatchResults({ dir, clients, catalog, ledger, resultsFile: join(dir, 'results.jsonl') });
    expect(second.ledger).toMatchObject({ inserted: 0, alreadyThere: 25 });
    expect(await ledger.query.listRequests({ filter: { sources: ['batch'] }, limit: 100 })).toHaveLength(25);
  });

  it('reports records the model rejected with their errors, and re-plans them as a new job', async () => {
    const dir = join(workdir, 'plan-b');
    const good = Array.from({ length: 10 }, (_, index) => JSON.stringify({ id: `doc-${index + 1}`, prompt: `Extract the total from invoice ${index + 1}` }));
    // A conversation must start with a user message: Bedrock (and the emulator) reject these records one by one.
    const bad = ['bad-1', 'bad-2'].map((id) => JSON.stringify({ id, request: { messages: [{ role: 'assistant', content: [{ text: 'I start' }] }, { role: 'user', content: [{ text: 'then you' }] }] } }));
    await plan(dir, [...good.slice(0, 4), bad[0], ...good.slice(4), bad[1]].join('\n'), novaLite, 'converse', '20260803-bbbbbb', { minRecordsPerJob: 5 });

    await submitBatchPlan({ dir, clients, bucket: 'frugal-demo', roleArn: role, region: 'us-east-1', timeoutHours: 48, createBucket: true });
    const polls: string[] = [];
    const done = await waitForBatchJobs({ dir, clients, intervalMs: 1, timeoutMs: 10_000, onPoll: (polled) => polls.push(polled.state.jobs[0]?.status ?? '') });
    expect(done.done).toBe(true);
    expect(polls.at(-1)).toBe('Completed');
    const collected = await collectBatchResults({ dir, clients, catalog, ledger, resultsFile: join(dir, 'results.csv') });
    expect(collected.counts).toMatchObject({ succeeded: 10, failed: 2 });
    const failed = collected.results.filter((result) => result.status === 'failed');
    expect(failed.map((result) => [result.id, result.errorCode])).toEqual([['bad-1', '400'], ['bad-2', '400']]);
    expect(failed[0]?.errorMessage).toMatch(/must start with a user message/);
    expect(collected.ledger?.inserted).toBe(10);

    const csv = formatBatchResults(collected.results, 'csv');
    expect(csv.split('\r\n')[0]).toBe('id,record_id,job,status,input_tokens,output_tokens,cost_usd,error_code,error_message,source,output');
    expect(csv).toMatch(/bad-1,R0000000005,frugal-20260803-bbbbbb-01,failed,,,,400,/);

    const retry = await readRetryItems(dir);
    expect(retry.items.map((item) => item.id)).toEqual(['bad-1', 'bad-2']);
    // Two records are under the minimum per job: the planner says so rather than failing at Bedrock.
    expect(() => planBatch({ items: retry.items, catalog, model: novaLite, api: 'converse', maxTokens: 200, quotas: { minRecordsPerJob: 5 }, input: { kind: 'retry', description: dir }, planId: '20260803-cccccc', createdAt: new Date() })).toThrow(/2 records is fewer than the minimum of 5/);
    const replanned = planBatch({ items: retry.items, catalog, model: novaLite, api: 'converse', maxTokens: 200, quotas: { minRecordsPerJob: 1 }, input: { kind: 'retry', description: dir }, planId: '20260803-cccccc', createdAt: new Date(), retryOf: '20260803-bbbbbb' });
    expect(replanned.plan.records).toBe(2);
    expect(replanned.files[0]?.lines[0]).toContain('"role":"assistant"');
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toContain('"failedRecordIds"');
  });
});
