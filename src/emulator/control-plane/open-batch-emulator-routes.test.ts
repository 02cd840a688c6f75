import {
  BedrockClient,
  CreateModelInvocationJobCommand,
  GetModelInvocationJobCommand,
  type GetModelInvocationJobCommandOutput,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../start-emulator.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const role = 'arn:aws:iam::123456789012:role/batch';

describe('batch jobs on `frugal emulator` (simulated models, real SDK clients)', () => {
  let emulator: RunningEmulator;
  let bedrock: BedrockClient;
  let s3: S3Client;

  beforeAll(async () => {
    // timeScale 0 makes job statuses immediate; Bedrock's 100-record minimum is lowered for readable tests.
    emulator = await startEmulator({ port: 0, seed: 3, timeScale: 0, batch: { minRecordsPerJob: 2, autoAdvanceMs: null } });
    bedrock = new BedrockClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    s3 = new S3Client({ endpoint: `${emulator.url}/s3`, forcePathStyle: true, region: 'us-east-1', credentials, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'sim-batch' }));
  });

  afterAll(async () => {
    bedrock.destroy();
    s3.destroy();
    await emulator.close();
  });

  async function runJob(jobName: string, modelId: string, lines: unknown[], modelInvocationType?: 'Converse'): Promise<{ job: GetModelInvocationJobCommandOutput; outputs: Map<string, Record<string, unknown>>; manifest: Record<string, number> }> {
    await s3.send(new PutObjectCommand({ Bucket: 'sim-batch', Key: `${jobName}/in/records.jsonl`, Body: lines.map((line) => JSON.stringify(line)).join('\n') }));
    const { jobArn = '' } = await bedrock.send(
      new CreateModelInvocationJobCommand({
        jobName,
        roleArn: role,
        modelId,
        inputDataConfig: { s3InputDataConfig: { s3Uri: `s3://sim-batch/${jobName}/in/` } },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://sim-batch/${jobName}/out/` } },
        ...(modelInvocationType !== undefined && { modelInvocationType }),
      }),
    );
    let job = await bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    for (let attempt = 0; attempt < 200 && job.status === 'InProgress'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      job = await bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: jobArn }));
    }
    const read = async (name: string): Promise<string> =>
      (await (await s3.send(new GetObjectCommand({ Bucket: 'sim-batch', Key: `${jobName}/out/${jobArn.split('/').pop() ?? ''}/${name}` }))).Body?.transformToString()) ?? '';
    const outputs = new Map(
      (await read('records.jsonl.out'))
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text) as Record<string, unknown>)
        .map((output) => [String(output['recordId']), output]),
    );
    return { job, outputs, manifest: JSON.parse(await read('manifest.json.out')) as Record<string, number> };
  }

  it('answers InvokeModel records from the simulated model and fails a malformed body on its own line', async () => {
    const body = (text: string) => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: text }] });
    const { job, outputs, manifest } = await runJob('haiku-invoke', 'anthropic.claude-3-haiku-20240307-v1:0', [
      { recordId: 'R1', modelInput: body('Summarise the plot of Hamlet.') },
      { recordId: 'R2', modelInput: body('Name three prime numbers.') },
      { recordId: 'R3', modelInput: { anthropic_version: 'bedrock-2023-05-31', messages: [] } },
    ]);
    expect(job).toMatchObject({ status: 'Completed', totalRecordCount: 3, successRecordCount: 2, errorRecordCount: 1 });
    expect(outputs.get('R1')?.['modelOutput']).toMatchObject({ type: 'message', role: 'assistant', usage: { input_tokens: expect.any(Number) } });
    expect(outputs.get('R3')?.['error']).toMatchObject({ errorCode: 400, errorMessage: expect.stringMatching(/Malformed input request|max_tokens|messages/) });
    expect(manifest.successRecordCount).toBe(2);
    expect(manifest.inputTokenCount).toBeGreaterThan(0);
    expect(manifest.outputTokenCount).toBeGreaterThan(0);
  });

  it('answers Converse records with Converse responses', async () => {
    const { job, outputs, manifest } = await runJob(
      'nova-converse',
      'us.amazon.nova-lite-v1:0',
      ['one', 'two'].map((text, index) => ({ recordId: `C${index}`, modelInput: { messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 100 } } })),
      'Converse',
    );
    expect(job).toMatchObject({ status: 'Completed', successRecordCount: 2 });
    const output = outputs.get('C0')?.['modelOutput'] as { usage: { inputTokens: number; outputTokens: number } };
    expect(output).toMatchObject({ output: { message: { role: 'assistant' } }, stopReason: expect.any(String) });
    expect(manifest.outputTokenCount).toBe(
      [...outputs.values()].reduce((sum, line) => sum + (line['modelOutput'] as { usage: { outputTokens: number } }).usage.outputTokens, 0),
    );
    expect(output.usage.inputTokens).toBeGreaterThan(0);
  });

  it('rejects at create a model the emulator does not simulate', async () => {
    await expect(
      bedrock.send(
        new CreateModelInvocationJobCommand({
          jobName: 'not-simulated',
          roleArn: role,
          modelId: 'amazon.nova-premier-v1:0',
          inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://sim-batch/x/' } },
          outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://sim-batch/y/' } },
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});
