import { describe, expect, it } from 'vitest';
import { createMemoryObjectStore } from '../s3/index.js';
import type { ObjectStore } from '../s3/index.js';
import type { BatchRecordOutcome, ProcessBatchRecord } from './batch-job.js';
import { type BatchJobServiceOptions, createBatchJobService } from './batch-job-service.js';
import { immediateBatchJobTiming } from './batch-job-timing.js';
import { seededShuffle } from './seeded-shuffle.js';

const model = 'anthropic.claude-3-haiku-20240307-v1:0';
const role = 'arn:aws:iam::123456789012:role/batch';

const record = (id: string, text = `question ${id}`): string =>
  JSON.stringify({ recordId: id, modelInput: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: text }] } });

/** A deterministic stand-in for the simulation engine: echoes the prompt, rejects bodies without messages. */
const echo: ProcessBatchRecord = async (_modelId, modelInput): Promise<BatchRecordOutcome> => {
  const messages = (modelInput as { messages?: { content: string }[] }).messages;
  if (!Array.isArray(messages)) return { error: { errorCode: 400, errorMessage: 'Malformed input request: messages is required' } };
  const text = messages[0]?.content ?? '';
  return { modelOutput: { content: [{ type: 'text', text: `echo: ${text}` }], usage: { input_tokens: text.length, output_tokens: 2 } } };
};

async function storeWith(files: Record<string, string>): Promise<ObjectStore> {
  const store = createMemoryObjectStore();
  await store.createBucket('jobs');
  for (const [key, body] of Object.entries(files)) await store.putObject('jobs', key, Buffer.from(body));
  return store;
}

function setUp(store: ObjectStore, overrides: Partial<BatchJobServiceOptions> = {}) {
  const clock = { now: 1_800_000_000_000 };
  const service = createBatchJobService({
    store,
    processRecord: echo,
    now: () => clock.now,
    timing: immediateBatchJobTiming,
    minRecordsPerJob: 1,
    seed: 7,
    ...overrides,
  });
  return { clock, service };
}

const createRequest = (name: string, input = 's3://jobs/in/', extra: Record<string, unknown> = {}) => ({
  jobName: name,
  roleArn: role,
  modelId: model,
  inputDataConfig: { s3InputDataConfig: { s3Uri: input } },
  outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://jobs/out/' } },
  ...extra,
});

const text = async (store: ObjectStore, key: string): Promise<string> => Buffer.from((await store.getObject('jobs', key))?.body ?? []).toString('utf8');

describe('batch job service', () => {
  it('walks Submitted → Validating → Scheduled → InProgress → Completed as the clock passes each duration', async () => {
    const store = await storeWith({ 'in/a.jsonl': `${record('r1')}\n${record('r2')}\n` });
    const { clock, service } = setUp(store, { timing: { submittedMs: 10, validatingMs: 20, scheduledMs: 30, minInProgressMs: 40, stoppingMs: 0 } });
    const job = await service.create(createRequest('steps'));
    const seen = [(await service.get(job.jobArn)).status];
    for (const step of [10, 20, 30, 40]) {
      clock.now += step;
      seen.push((await service.get(job.jobArn)).status);
    }
    expect(seen).toEqual(['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Completed']);
    const done = await service.get(job.jobId);
    expect(done.counts).toEqual({ total: 2, processed: 2, success: 2, error: 0 });
    expect(done.endTime).toBe(done.submitTime + 100);
    expect(done.jobExpirationTime).toBe(done.submitTime + 24 * 3_600_000);
  });

  it('fails a job whose record count is below the catalog minimum for the model, unless overridden', async () => {
    const store = await storeWith({ 'in/a.jsonl': `${record('r1')}\n${record('r2')}\n${record('r3')}\n` });
    const strict = setUp(store, { minRecordsPerJob: undefined }).service;
    const job = await strict.create(createRequest('too-few'));
    const failed = await strict.get(job.jobArn);
    expect(failed.status).toBe('Failed');
    expect(failed.message).toMatch(/3 records, fewer than the minimum of 100 records per batch inference job for Claude 3 Haiku/);
  });

  it('fails validation on a line that is not JSON, naming the file and line', async () => {
    const store = await storeWith({ 'in/a.jsonl': `${record('r1')}\n{"recordId": "r2", "modelInput": \n` });
    const { service } = setUp(store);
    const job = await service.create(createRequest('bad-json'));
    const failed = await service.get(job.jobArn);
    expect(failed).toMatchObject({ status: 'Failed', message: expect.stringMatching(/^Line 2 of s3:\/\/jobs\/in\/a\.jsonl is not valid JSON/) });
  });

  it('ends PartiallyCompleted with the processed records written when the timeout cuts processing short', async () => {
    const store = await storeWith({ 'in/a.jsonl': [1, 2, 3, 4].map((n) => record(`r${n}`)).join('\n') });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const slow: ProcessBatchRecord = async (...args) => {
      calls += 1;
      if (calls > 2) await gate;
      return echo(...args);
    };
    const { clock, service } = setUp(store, { processRecord: slow, recordConcurrency: 1 });
    const job = await service.create(createRequest('partial'));
    await service.get(job.jobArn);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await service.get(job.jobArn)).status).toBe('InProgress');

    clock.now += 24 * 3_600_000;
    const ending = service.get(job.jobArn);
    release();
    const ended = await ending;
    expect(ended.status).toBe('PartiallyCompleted');
    expect(ended.counts).toMatchObject({ total: 4, processed: 3 });
    expect(ended.message).toMatch(/timeout with 3 of 4 records processed/);
    const manifest = JSON.parse(await text(store, `out/${job.jobId}/manifest.json.out`)) as Record<string, number>;
    expect(manifest).toMatchObject({ totalRecordCount: 4, processedRecordCount: 3, successRecordCount: 3 });
  });

  it('expires a job that stays Scheduled past its timeout', async () => {
    const store = await storeWith({ 'in/a.jsonl': record('r1') });
    const { clock, service } = setUp(store, { timing: { ...immediateBatchJobTiming, scheduledMs: 30 * 3_600_000 } });
    const job = await service.create(createRequest('queued', 's3://jobs/in/', { timeoutDurationInHours: 24 }));
    expect((await service.get(job.jobArn)).status).toBe('Scheduled');
    clock.now += 24 * 3_600_000;
    expect(await service.get(job.jobArn)).toMatchObject({ status: 'Expired', endTime: job.jobExpirationTime });
  });

  it('stops an InProgress job, writing what was processed', async () => {
    const store = await storeWith({ 'in/a.jsonl': [1, 2, 3].map((n) => record(`r${n}`)).join('\n') });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const blocking: ProcessBatchRecord = async (...args) => {
      await gate;
      return echo(...args);
    };
    const { clock, service } = setUp(store, { processRecord: blocking, recordConcurrency: 1, timing: { ...immediateBatchJobTiming, stoppingMs: 5 } });
    const job = await service.create(createRequest('halt'));
    expect((await service.get(job.jobArn)).status).toBe('InProgress');
    await service.stop(job.jobArn);
    expect((await service.get(job.jobArn)).status).toBe('Stopping');
    release();
    clock.now += 5;
    const stopped = await service.get(job.jobArn);
    expect(stopped.status).toBe('Stopped');
    expect(stopped.counts.processed).toBe(1);
    expect((await text(store, `out/${job.jobId}/a.jsonl.out`)).trim().split('\n')).toHaveLength(1);
    await expect(service.stop(job.jobArn)).rejects.toMatchObject({ awsType: 'ValidationException' });
  });

  it('rejects at create a model that is unknown or has no batch inference', async () => {
    const { service } = setUp(await storeWith({}));
    await expect(service.create({ ...createRequest('unknown'), modelId: 'acme.nothing-v1' })).rejects.toMatchObject({
      awsType: 'ValidationException',
      message: expect.stringMatching(/model identifier is invalid/),
    });
    await expect(service.create({ ...createRequest('no-batch'), modelId: 'anthropic.claude-v2:1' })).rejects.toMatchObject({
      message: expect.stringMatching(/does not support batch inference/),
    });
    await expect(service.create({ ...createRequest('bad name!') })).rejects.toMatchObject({
      message: expect.stringMatching(/^1 validation error detected: Value at 'jobName'/),
    });
  });
});

describe('seededShuffle', () => {
  it('permutes deterministically by its parts', () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    const once = seededShuffle(items, 7, 'job', 'a.jsonl');
    expect(once).not.toEqual(items);
    expect([...once].sort((left, right) => left - right)).toEqual(items);
    expect(seededShuffle(items, 7, 'job', 'a.jsonl')).toEqual(once);
    expect(seededShuffle(items, 8, 'job', 'a.jsonl')).not.toEqual(once);
  });
});
