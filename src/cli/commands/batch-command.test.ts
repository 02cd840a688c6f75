import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { openLedger } from '../../ledger/index.js';

const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
const role = 'arn:aws:iam::123456789012:role/frugal-batch';
let emulator: RunningEmulator;
let cwd: string;

beforeAll(async () => {
  // Bedrock's own quotas from the catalog (100 records per job at least): the run below plans 120.
  emulator = await startEmulator({ port: 0, timeScale: 0, batch: { autoAdvanceMs: null } });
  cwd = mkdtempSync(join(tmpdir(), 'frugal-batch-cli-'));
  writeFileSync(join(cwd, 'prompts.jsonl'), Array.from({ length: 120 }, (_, index) => JSON.stringify({ id: `t${index + 1}`, prompt: `Summarise support ticket ${index + 1} in one line.`, system: 'You summarise support tickets.' })).join('\n'));
  writeFileSync(join(cwd, 'few.csv'), 'id,prompt\na,"Hello, world"\nb,Second\n');
  // A bench suite as `frugal bench` reads it: a task with a system prompt, a few-shot turn and 110 examples.
  writeFileSync(
    join(cwd, 'suite.yaml'),
    [
      'version: 1',
      'name: tickets',
      'region: us-east-1',
      'models:',
      '  current: us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      '  candidates: [us.amazon.nova-lite-v1:0]',
      'tasks:',
      '  - name: classify',
      '    maxOutputTokens: 20',
      '    prompt:',
      '      system: Classify the ticket as billing, bug or other. Answer with the label only.',
      '      user: "Ticket: {{ text }}"',
      '      fewShot:',
      '        - { user: "Ticket: I was charged twice", assistant: billing }',
      '    examples: { file: tickets.csv }',
      '    scorers: [{ type: label, labels: [billing, bug, other] }]',
    ].join('\n'),
  );
  writeFileSync(join(cwd, 'tickets.csv'), `id,text,expected\n${Array.from({ length: 110 }, (_, index) => `k${index + 1},The app crashes on screen ${index + 1},bug`).join('\n')}\n`);
});
afterAll(async () => {
  await emulator.close();
});

describe('frugal batch (in process, against the emulator)', () => {
  it('moves a JSONL of prompts to batch: plan, submit, status, collect, and the batch price in the ledger', async () => {
    const plan = await runFrugal(['batch', 'plan', 'prompts.jsonl', '--model', 'anthropic.claude-3-5-haiku-20241022-v1:0', '--out', 'plan', '--max-tokens', '200', '--output-tokens', '60', '--task', 'ticket-summaries'], { cwd, env });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Planned 120 records for Claude 3\.5 Haiku \(anthropic\.claude-3-5-haiku-20241022-v1:0\) in us-east-1: InvokeModel bodies in the anthropic format/);
    expect(plan.stdout).toMatch(/on-demand\s*│\s*\$0\.\d+/);
    expect(plan.stdout).toMatch(/batch\s*│\s*\$0\.\d+\s*│\s*\$0\.\d+ \(50\.0%\)/);

    const submit = await runFrugal(['batch', 'submit', 'plan', '--bucket', 'frugal-demo', '--prefix', 'batch', '--role-arn', role, '--endpoint', emulator.url, '--create-bucket'], { cwd, env });
    expect(submit.stderr).toBe('');
    expect(submit.stdout).toMatch(/created frugal-\d{8}-[a-z0-9]{6}-01: arn:aws:bedrock:us-east-1:\d{12}:model-invocation-job\//);
    expect(submit.stdout).toMatch(/1 job: 1 created now, 0 already submitted/);
    const again = await runFrugal(['batch', 'submit', 'plan', '--bucket', 'frugal-demo', '--prefix', 'batch', '--role-arn', role, '--endpoint', emulator.url], { cwd, env });
    expect(again.stdout).toMatch(/1 job: 0 created now, 1 already submitted/);

    const status = await runFrugal(['batch', 'status', 'plan', '--wait', '--interval', '0.01'], { cwd, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Completed\s*│\s*120\/120\s*│\s*120\s*│\s*0\s*│\s*done: run collect/);

    const collect = await runFrugal(['batch', 'collect', 'plan', '--out', 'results.csv', '--ledger', 'frugal.duckdb'], { cwd, env });
    expect(collect.stderr).toBe('');
    expect(collect.stdout).toMatch(/120 succeeded, 0 failed, 0 not processed, 0 still running/);
    expect(collect.stdout).toMatch(/Cost at the batch price: \$0\.\d+ \(the same tokens on demand: \$0\.\d+, saved \$0\.\d+\)/);
    expect(collect.stdout).toMatch(/120 usage rows added, 0 already there/);
    expect((await readFile(join(cwd, 'results.csv'), 'utf8')).split('\r\n')[1]).toMatch(/^t1,R0000000001,frugal-\S+-01,succeeded,\d+,\d+,0\.\d+,,,prompts\.jsonl:1,/);
    const rerun = await runFrugal(['batch', 'collect', 'plan', '--out', 'results.csv', '--ledger', 'frugal.duckdb'], { cwd, env });
    expect(rerun.stdout).toMatch(/0 usage rows added, 120 already there/);

    const ledger = await openLedger(join(cwd, 'frugal.duckdb'));
    try {
      const [summary] = await ledger.query.aggregate({ filter: { sources: ['batch'] }, groupBy: ['mode', 'task'] });
      expect(summary).toMatchObject({ rows: 120, group: { mode: 'batch', task: 'ticket-summaries' } });
      // Claude 3.5 Haiku in batch: $0.40 / $2.00 per million (half of on-demand $0.80 / $4.00).
      expect(summary?.cost).toBeCloseTo(((summary?.inputTokens ?? 0) * 0.4 + (summary?.outputTokens ?? 0) * 2) / 1e6, 9);
    } finally {
      await ledger.close();
    }
  });

  it('moves a bench suite\'s prompts to batch on the suite\'s current model', async () => {
    const plan = await runFrugal(['batch', 'plan', 'suite.yaml', '--out', 'suite-plan'], { cwd, env });
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toMatch(/Planned 110 records for Claude 3\.5 Sonnet v2 \(us\.anthropic\.claude-3-5-sonnet-20241022-v2:0\) in us-east-1/);
    const records = (await readFile(join(cwd, 'suite-plan/records.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { itemId: string; task: string });
    expect(records[0]).toMatchObject({ itemId: 'classify/k1', task: 'classify' });
    const submit = await runFrugal(['batch', 'submit', 'suite-plan', '--bucket', 'suites', '--role-arn', role, '--endpoint', emulator.url, '--create-bucket'], { cwd, env });
    expect(submit.code).toBe(0);
    await runFrugal(['batch', 'status', 'suite-plan', '--wait', '--interval', '0.01'], { cwd, env });
    const collect = await runFrugal(['batch', 'collect', 'suite-plan', '--ledger', 'suite.duckdb'], { cwd, env });
    expect(collect.stdout).toMatch(/110 succeeded, 0 failed/);
    expect(collect.stdout).toMatch(/110 usage rows added/);
  });

  it.each([
    [['batch', 'plan', 'missing.jsonl', '--model', 'amazon.nova-lite-v1:0'], /Cannot read missing\.jsonl/],
    [['batch', 'plan', 'prompts.jsonl', '--model', 'anthropic.claude-sonnet-4-5-20250929-v1:0'], /Claude Sonnet 4\.5 \(anthropic\.claude-sonnet-4-5-20250929-v1:0\) has no batch inference on Bedrock according to the catalog/],
    [['batch', 'plan', 'few.csv', '--model', 'amazon.nova-lite-v1:0'], /2 records is fewer than the minimum of 100 records per batch inference job for Amazon Nova Lite/],
    [['batch', 'plan', 'prompts.jsonl', '--model', 'amazon.nova-lite-v1:0', '--api', 'grpc'], /--api must be one of invoke, converse/],
    [['batch', 'plan', 'prompts.jsonl'], /Give --model/],
    [['batch', 'status', 'nowhere'], /Cannot read the plan/],
    [['batch', 'submit', 'plan-never', '--bucket', 'b'], /required option '--role-arn <arn>' not specified/],
  ])('exits 2 on bad input (%#)', async (argv, message) => {
    const run = await runFrugal(argv, { cwd, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('re-plans failed records with --retry-failed, in the first plan\'s API; Bedrock\'s minimum then fails the small job, and status says why', async () => {
    const good = Array.from({ length: 100 }, (_, index) => JSON.stringify({ id: `g${index + 1}`, prompt: `Question ${index + 1}` }));
    const bad = JSON.stringify({ id: 'bad-1', request: { messages: [{ role: 'assistant', content: [{ text: 'I speak first' }] }] } });
    writeFileSync(join(cwd, 'mixed.jsonl'), [...good.slice(0, 50), bad, ...good.slice(50)].join('\n'));
    await runFrugal(['batch', 'plan', 'mixed.jsonl', '--model', 'amazon.nova-lite-v1:0', '--api', 'converse', '--out', 'mixed-plan'], { cwd, env });
    await runFrugal(['batch', 'submit', 'mixed-plan', '--bucket', 'mixed', '--role-arn', role, '--endpoint', emulator.url, '--create-bucket'], { cwd, env });
    await runFrugal(['batch', 'status', 'mixed-plan', '--wait', '--interval', '0.01'], { cwd, env });
    const collect = await runFrugal(['batch', 'collect', 'mixed-plan', '--no-ledger'], { cwd, env });
    expect(collect.stdout).toMatch(/100 succeeded, 1 failed/);
    expect(collect.stdout).toMatch(/bad-1\s*│\s*R0000000051\s*│.*│ failed │ 400 A conversation must start with a user message/);
    expect(collect.stdout).toContain('Re-plan them: frugal batch plan --retry-failed mixed-plan');

    const retry = await runFrugal(['batch', 'plan', '--retry-failed', 'mixed-plan', '--out', 'retry-plan', '--json'], { cwd, env });
    expect(retry.stderr).toMatch(/1 record is fewer than the minimum of 100 records per batch inference job/);
    const lowered = await runFrugal(['batch', 'plan', '--retry-failed', 'mixed-plan', '--out', 'retry-plan', '--min-records-per-job', '1', '--json'], { cwd, env });
    const body = JSON.parse(lowered.stdout) as { plan: { records: number; invocationType: string; retryOf: string; input: { kind: string } } };
    expect(body.plan).toMatchObject({ records: 1, invocationType: 'Converse', input: { kind: 'retry' } });
    expect(body.plan.retryOf).toMatch(/^\d{8}-[a-z0-9]{6}$/);
    expect(await readFile(join(cwd, 'retry-plan/records.jsonl'), 'utf8')).toContain('"itemId":"bad-1"');

    await runFrugal(['batch', 'submit', 'retry-plan', '--bucket', 'mixed', '--role-arn', role, '--endpoint', emulator.url], { cwd, env });
    const status = await runFrugal(['batch', 'status', 'retry-plan', '--wait', '--interval', '0.01'], { cwd, env });
    expect(status.stdout).toMatch(/Failed\s*│.*the job failed \(see message\); fix the cause and make a new plan — The job has 1 records, fewer than the minimum of 100/);
  });

  it('plans a CSV with the quota lowered, as for the emulator or an account with other quotas', async () => {
    const run = await runFrugal(['batch', 'plan', 'few.csv', '--model', 'amazon.nova-lite-v1:0', '--min-records-per-job', '1', '--out', 'csv-plan', '--json'], { cwd, env });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { plan: { records: number; bodyFormat: string; quotas: { minRecordsPerJob: number } } };
    expect(body.plan).toMatchObject({ records: 2, bodyFormat: 'nova', quotas: { minRecordsPerJob: 1 } });
  });
});
