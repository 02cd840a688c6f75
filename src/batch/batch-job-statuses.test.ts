import { StopModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { writeBatchPlan } from './batch-plan-files.js';
import { collectBatchResults } from './collect-batch-results.js';
import { type BatchClients, createBatchClients } from './create-batch-clients.js';
import { planBatch } from './plan-batch.js';
import { pollBatchJobs } from './poll-batch-jobs.js';
import { readPromptFile } from './read-prompt-file.js';
import { readRetryItems } from './read-retry-items.js';
import { submitBatchPlan } from './submit-batch-plan.js';

const hour = 3_600_000;
const role = 'arn:aws:iam::123456789012:role/frugal-batch';
const catalog = createPricingCatalog();
const workdir = mkdtempSync(join(tmpdir(), 'frugal-batch-status-'));
let now = Date.parse('2026-08-03T08:00:00Z');
// Jobs that stay InProgress for 200 hours (longer than any timeout), and jobs that stay Scheduled that long.
let running: RunningEmulator;
let queued: RunningEmulator;
let runningClients: BatchClients;
let queuedClients: BatchClients;

beforeAll(async () => {
  const common = { port: 0, clock: () => now, timeScale: 0 } as const;
  const timing = { submittedMs: 0, validatingMs: 0, scheduledMs: 0, minInProgressMs: 200 * hour, stoppingMs: 0 };
  running = await startEmulator({ ...common, batch: { minRecordsPerJob: 3, autoAdvanceMs: null, timing } });
  queued = await startEmulator({ ...common, batch: { minRecordsPerJob: 3, autoAdvanceMs: null, timing: { ...timing, scheduledMs: 200 * hour } } });
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  runningClients = createBatchClients({ region: 'us-east-1', endpoint: running.url, credentials });
  queuedClients = createBatchClients({ region: 'us-east-1', endpoint: queued.url, credentials });
});
afterAll(async () => {
  runningClients.close();
  queuedClients.close();
  await Promise.all([running.close(), queued.close()]);
});

async function submit(name: string, clients: BatchClients, count: number): Promise<string> {
  const dir = join(workdir, name);
  const prompts = Array.from({ length: count }, (_, index) => JSON.stringify({ id: `${name}-${index + 1}`, prompt: `Prompt ${index + 1}` })).join('\n');
  await writeBatchPlan(dir, planBatch({ items: readPromptFile(prompts, `${name}.jsonl`), catalog, model: 'amazon.nova-micro-v1:0', api: 'invoke', maxTokens: 50, quotas: { minRecordsPerJob: 1 }, input: { kind: 'jsonl', description: name }, planId: `20260803-${name}`, createdAt: new Date(now) }));
  await submitBatchPlan({ dir, clients, bucket: 'status-tests', roleArn: role, region: 'us-east-1', createBucket: true });
  return dir;
}

describe('every batch job status, through the real SDK against the emulator', () => {
  it('InProgress (pending), Stopped, PartiallyCompleted and Failed: collect keeps what was processed and explains the rest', async () => {
    const stopped = await submit('stopped', runningClients, 4);
    const partial = await submit('partial', runningClients, 4);
    const failed = await submit('failed', runningClients, 2);

    const first = await pollBatchJobs({ dir: stopped, clients: runningClients });
    expect(first.state.jobs[0]?.status).toBe('InProgress');
    expect(first.done).toBe(false);
    const early = await collectBatchResults({ dir: stopped, clients: runningClients, catalog, resultsFile: 'r.jsonl' });
    expect(early.counts).toMatchObject({ pending: 4, succeeded: 0 });

    await runningClients.bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: first.state.jobs[0]?.jobArn ?? '' }));
    const afterStop = await collectBatchResults({ dir: stopped, clients: runningClients, catalog, resultsFile: 'r.jsonl' });
    expect(afterStop.state.jobs[0]?.status).toBe('Stopped');
    // The emulator processes records at once; Bedrock writes what it processed before the stop.
    expect(afterStop.counts.succeeded + afterStop.counts['not-processed']).toBe(4);

    now += 25 * hour; // past the 24-hour timeout while InProgress
    const timedOut = await collectBatchResults({ dir: partial, clients: runningClients, catalog, resultsFile: 'r.jsonl' });
    expect(timedOut.state.jobs[0]?.status).toBe('PartiallyCompleted');
    expect(timedOut.counts.succeeded + timedOut.counts['not-processed']).toBe(4);

    const refused = await collectBatchResults({ dir: failed, clients: runningClients, catalog, resultsFile: 'r.jsonl' });
    expect(refused.state.jobs[0]).toMatchObject({ status: 'Failed', message: expect.stringMatching(/fewer than the minimum of 3 records/) });
    expect(refused.results.map((result) => [result.status, result.errorMessage])).toEqual([
      ['not-processed', expect.stringMatching(/^job Failed: The job has 2 records, fewer than the minimum/)],
      ['not-processed', expect.stringMatching(/^job Failed/)],
    ]);
  });

  it('Expired: a job still Scheduled at its timeout; every record can be re-planned', async () => {
    const expired = await submit('expired', queuedClients, 3);
    expect((await pollBatchJobs({ dir: expired, clients: queuedClients })).state.jobs[0]?.status).toBe('Scheduled');
    now += 25 * hour;
    const collected = await collectBatchResults({ dir: expired, clients: queuedClients, catalog, resultsFile: 'r.jsonl' });
    expect(collected.state.jobs[0]?.status).toBe('Expired');
    expect(collected.counts).toMatchObject({ 'not-processed': 3, succeeded: 0 });
    expect(collected.results[0]?.errorMessage).toMatch(/^job Expired: The job was scheduled but did not start within its 24-hour timeout/);
    const retry = await readRetryItems(expired);
    expect(retry).toMatchObject({ failed: 0, notProcessed: 3 });
    expect(retry.items.map((item) => item.id)).toEqual(['expired-1', 'expired-2', 'expired-3']);
  });
});
