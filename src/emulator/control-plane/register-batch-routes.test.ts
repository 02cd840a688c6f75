import type { AddressInfo } from 'node:net';
import {
  BedrockClient,
  ConflictException,
  CreateModelInvocationJobCommand,
  type CreateModelInvocationJobCommandInput,
  GetModelInvocationJobCommand,
  type GetModelInvocationJobCommandOutput,
  ListModelInvocationJobsCommand,
  ResourceNotFoundException,
  StopModelInvocationJobCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryObjectStore } from '../s3/index.js';
import type { BatchRecordOutcome, ProcessBatchRecord } from './batch-job.js';
import type { BatchJobService } from './batch-job-service.js';
import { immediateBatchJobTiming } from './batch-job-timing.js';
import { registerBatchRoutes } from './register-batch-routes.js';

/** Deterministic stand-in for the simulation engine: echoes the prompt, rejects bodies without messages. */
const echo: ProcessBatchRecord = async (_modelId, modelInput, invocationType): Promise<BatchRecordOutcome> => {
  const messages = (modelInput as { messages?: { content: string }[] }).messages;
  if (!Array.isArray(messages)) return { error: { errorCode: 400, errorMessage: 'Malformed input request: #: required key [messages] not found' } };
  const text = messages[0]?.content ?? '';
  if (invocationType === 'Converse') {
    return { modelOutput: { output: { message: { role: 'assistant', content: [{ text: `echo: ${text}` }] } }, usage: { inputTokens: 3, outputTokens: 2 } } };
  }
  return { modelOutput: { content: [{ type: 'text', text: `echo: ${text}` }], usage: { input_tokens: 3, output_tokens: 2 } } };
};

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const role = 'arn:aws:iam::123456789012:role/batch';
const model = 'anthropic.claude-3-haiku-20240307-v1:0';
const line = (recordId: string, content: string): string =>
  JSON.stringify({ recordId, modelInput: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content }] } });

describe('batch inference through @aws-sdk/client-bedrock and @aws-sdk/client-s3', () => {
  let server: ReturnType<typeof serve>;
  let service: BatchJobService;
  let bedrock: BedrockClient;
  let s3: S3Client;

  beforeAll(async () => {
    const app = new Hono();
    service = registerBatchRoutes(app, {
      store: createMemoryObjectStore(),
      processRecord: echo,
      timing: immediateBatchJobTiming,
      // Bedrock's minimum is 100 records for most models; a few make the tests readable.
      minRecordsPerJob: 2,
      seed: 11,
    });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    });
    const endpoint = `http://127.0.0.1:${port}`;
    bedrock = new BedrockClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    s3 = new S3Client({ endpoint: `${endpoint}/s3`, forcePathStyle: true, region: 'us-east-1', credentials, maxAttempts: 1 });

    await s3.send(new CreateBucketCommand({ Bucket: 'batch-data' }));
    const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: 'batch-data', Key, Body }));
    await put('input/part-1.jsonl', [line('A1', 'one'), line('A2', 'two'), line('A3', 'three')].join('\n') + '\n');
    await put('input/part-2.jsonl', [line('B1', 'four'), JSON.stringify({ recordId: 'B2', modelInput: { prompt: 'no messages' } })].join('\n'));
    await put('input/readme.txt', 'not a batch file');
  });

  afterAll(async () => {
    service.close();
    bedrock.destroy();
    s3.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const jobInput = (jobName: string, extra: Partial<CreateModelInvocationJobCommandInput> = {}): CreateModelInvocationJobCommandInput => ({
    jobName,
    roleArn: role,
    modelId: model,
    inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-data/input/' } },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://batch-data/output/' } },
    ...extra,
  });

  async function waitForEnd(jobArn: string): Promise<GetModelInvocationJobCommandOutput> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const job = await bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
      if (!['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Stopping'].includes(job.status ?? '')) return job;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`job ${jobArn} did not finish`);
  }

  const readText = async (Key: string): Promise<string> =>
    (await (await s3.send(new GetObjectCommand({ Bucket: 'batch-data', Key }))).Body?.transformToString()) ?? '';

  it('runs a job over two input files and writes .jsonl.out files and a manifest to join by recordId', async () => {
    const { jobArn } = await bedrock.send(new CreateModelInvocationJobCommand(jobInput('two-files', { timeoutDurationInHours: 48 })));
    expect(jobArn).toMatch(/^arn:aws:bedrock:us-east-1:000000000000:model-invocation-job\/[a-z0-9]{12}$/);
    const job = await waitForEnd(jobArn ?? '');

    // A record the model rejects fails alone: the job still Completes, with errorRecordCount (PartiallyCompleted means "not all records processed in time").
    expect(job).toMatchObject({
      status: 'Completed',
      jobName: 'two-files',
      modelId: model,
      roleArn: role,
      timeoutDurationInHours: 48,
      totalRecordCount: 5,
      processedRecordCount: 5,
      successRecordCount: 4,
      errorRecordCount: 1,
      inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-data/input/' } },
    });
    expect(job.submitTime).toBeInstanceOf(Date);
    expect(job.endTime?.getTime()).toBeGreaterThanOrEqual(job.submitTime?.getTime() ?? 0);
    expect(job.jobExpirationTime?.getTime()).toBe((job.submitTime?.getTime() ?? 0) + 48 * 3_600_000);

    const jobId = (jobArn ?? '').split('/').pop() ?? '';
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'batch-data', Prefix: `output/${jobId}/` }));
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual(
      [`output/${jobId}/manifest.json.out`, `output/${jobId}/part-1.jsonl.out`, `output/${jobId}/part-2.jsonl.out`].sort(),
    );

    const outputs = [...(await readText(`output/${jobId}/part-1.jsonl.out`)).trim().split('\n'), ...(await readText(`output/${jobId}/part-2.jsonl.out`)).trim().split('\n')]
      .map((text) => JSON.parse(text) as { recordId: string; modelInput: unknown; modelOutput?: { content: { text: string }[] }; error?: unknown });
    const byId = new Map(outputs.map((output) => [output.recordId, output]));
    expect([...byId.keys()].sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    expect(byId.get('A2')?.modelOutput?.content[0]?.text).toBe('echo: two');
    expect(byId.get('A2')?.modelInput).toMatchObject({ messages: [{ content: 'two' }] });
    expect(byId.get('B2')).toMatchObject({ error: { errorCode: 400, errorMessage: expect.stringMatching(/Malformed input request/) } });
    expect(byId.get('B2')).not.toHaveProperty('modelOutput');

    expect(JSON.parse(await readText(`output/${jobId}/manifest.json.out`))).toEqual({
      totalRecordCount: 5,
      processedRecordCount: 5,
      successRecordCount: 4,
      errorRecordCount: 1,
      inputTokenCount: 12,
      outputTokenCount: 8,
    });
  });

  it('passes Converse bodies through for Converse jobs', async () => {
    const { jobArn } = await bedrock.send(
      new CreateModelInvocationJobCommand({
        ...jobInput('converse-job'),
        inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-data/input/part-1.jsonl' } },
        modelInvocationType: 'Converse',
      }),
    );
    const job = await waitForEnd(jobArn ?? '');
    expect(job).toMatchObject({ status: 'Completed', modelInvocationType: 'Converse', totalRecordCount: 3, successRecordCount: 3 });
    const jobId = (jobArn ?? '').split('/').pop() ?? '';
    const first = JSON.parse((await readText(`output/${jobId}/part-1.jsonl.out`)).split('\n')[0] ?? '') as { modelOutput: unknown };
    expect(first.modelOutput).toMatchObject({ output: { message: { role: 'assistant' } }, usage: { inputTokens: 3 } });
  });

  it('treats a repeated clientRequestToken as the same job, and a reused name or token with other parameters as a conflict', async () => {
    const input = jobInput('idempotent', { clientRequestToken: 'token-1' });
    const first = await bedrock.send(new CreateModelInvocationJobCommand(input));
    const again = await bedrock.send(new CreateModelInvocationJobCommand(input));
    expect(again.jobArn).toBe(first.jobArn);

    await expect(bedrock.send(new CreateModelInvocationJobCommand({ ...input, timeoutDurationInHours: 72 }))).rejects.toBeInstanceOf(ConflictException);
    await expect(bedrock.send(new CreateModelInvocationJobCommand({ ...input, clientRequestToken: 'token-2' }))).rejects.toBeInstanceOf(ConflictException);
    await waitForEnd(first.jobArn ?? '');
  });

  it('stops a job and refuses to stop it twice', async () => {
    const { jobArn } = await bedrock.send(new CreateModelInvocationJobCommand(jobInput('to-stop')));
    await bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: jobArn }));
    const job = await waitForEnd(jobArn ?? '');
    expect(job.status).toBe('Stopped');
    await expect(bedrock.send(new StopModelInvocationJobCommand({ jobIdentifier: jobArn }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('fails validation when the input prefix holds no .jsonl files', async () => {
    const { jobArn } = await bedrock.send(
      new CreateModelInvocationJobCommand({ ...jobInput('missing-prefix'), inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://batch-data/nothing-here/' } } }),
    );
    const job = await waitForEnd(jobArn ?? '');
    expect(job.status).toBe('Failed');
    expect(job.message).toMatch(/No \.jsonl files were found under s3:\/\/batch-data\/nothing-here\//);
  });

  it('lists jobs with statusEquals, nameContains and pages of maxResults', async () => {
    const failed = await bedrock.send(new ListModelInvocationJobsCommand({ statusEquals: 'Failed' }));
    expect(failed.invocationJobSummaries?.map((job) => job.jobName)).toEqual(['missing-prefix']);

    const recent = await bedrock.send(new ListModelInvocationJobsCommand({ submitTimeAfter: new Date(Date.now() - 60_000), submitTimeBefore: new Date(Date.now() + 60_000) }));
    expect(recent.invocationJobSummaries).toHaveLength(5);
    const future = await bedrock.send(new ListModelInvocationJobsCommand({ submitTimeAfter: new Date(Date.now() + 60_000) }));
    expect(future.invocationJobSummaries).toEqual([]);

    const named = await bedrock.send(new ListModelInvocationJobsCommand({ nameContains: 'file' }));
    expect(named.invocationJobSummaries?.map((job) => job.jobName)).toEqual(['two-files']);
    expect(named.invocationJobSummaries?.[0]).toMatchObject({ status: 'Completed', errorRecordCount: 1 });

    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await bedrock.send(new ListModelInvocationJobsCommand({ maxResults: 2, sortOrder: 'Ascending', ...(nextToken !== undefined && { nextToken }) }));
      names.push(...(page.invocationJobSummaries ?? []).map((job) => job.jobName ?? ''));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < 10);
    expect(names).toEqual(['two-files', 'converse-job', 'idempotent', 'to-stop', 'missing-prefix']);
    expect(pages).toBe(3);
  });

  it('answers bad requests and unknown jobs with the SDK exceptions Bedrock uses', async () => {
    await expect(bedrock.send(new CreateModelInvocationJobCommand({ ...jobInput('bad-role'), roleArn: 'not-a-role' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/roleArn/),
    });
    await expect(bedrock.send(new CreateModelInvocationJobCommand({ ...jobInput('no-batch'), modelId: 'anthropic.claude-v2:1' }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: 'arn:aws:bedrock:us-east-1:000000000000:model-invocation-job/zzzzzzzzzzzz' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
