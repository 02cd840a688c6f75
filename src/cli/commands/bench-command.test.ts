import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { readResultsFile } from '../../bench/index.js';
import { startEmulator } from '../../emulator/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { runBenchCommand } from './bench-command.js';

const repo = new URL('../../../', import.meta.url).pathname;
const examples = join(repo, 'examples/bench');
const models = join(examples, 'emulator-models.yaml');
const directory = mkdtempSync(join(tmpdir(), 'frugal-bench-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const bench = (...args: string[]) => runFrugal(['bench', ...args], { cwd: directory });

describe('frugal bench (in process)', () => {
  it('exits 2 on a bad suite or bad flags, saying what to fix', async () => {
    const missing = await bench('nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read suite file .*nope\.yaml/);
    writeFileSync(join(directory, 'bad.yaml'), 'version: 1\nname: x\nmodels: { current: m }\ntasks:\n  - { name: t, prompt: { user: hi }, examples: [{ expected: a }], scorers: [{ type: label, labels: [a] }] }\n');
    const invalid = await bench('bad.yaml');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/tasks\[t\]\.scorers\[0\]\.labels: /);
    for (const flags of [['--concurrency', 'many'], ['--concurrency', '0'], ['--margin', '2'], ['--judge', ','], ['--retry-errors']]) {
      const result = await bench(join(examples, 'support-tickets.yaml'), ...flags);
      expect(result.code, flags.join(' ')).toBe(2);
    }
    const unjudged = await bench(join(examples, 'customer-replies.yaml'), '--estimate', '--judge', 'x', '--endpoint', 'http://127.0.0.1:1', '--emulator');
    expect(unjudged.code).toBe(2);
    expect(unjudged.stderr).toMatch(/--endpoint or --emulator, not both/);
  });

  it('--estimate prints the cost of generation and judging and makes no call', async () => {
    const result = await bench(join(examples, 'customer-replies.yaml'), '--estimate', '--limit', '10', '--out', 'estimate-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Cost estimate \(before any call\)/);
    expect(result.stdout).toMatch(/reply-to-customer .*us\.amazon\.nova-pro-v1:0 .*judge .* 80 /);
    expect(result.stdout).toMatch(/Estimated cost: \$[\d.]+ \(generation \$[\d.]+, judging \$[\d.]+\), at most/);
    expect(existsSync(join(directory, 'estimate-only'))).toBe(false);
  });

  it('runs the classification example against an in-process emulator and writes every output', async () => {
    const result = await bench(join(examples, 'support-tickets.yaml'), '--emulator', models, '--limit', '30', '--out', 'tickets', '--no-png');
    expect(result.code, result.stderr).toBe(0);
    const estimateAt = result.stdout.indexOf('Cost estimate');
    expect(estimateAt).toBeGreaterThanOrEqual(0);
    expect(estimateAt).toBeLessThan(result.stdout.indexOf('Summary per task'));
    expect(result.stdout).toMatch(/SIMULATED models/);
    expect(result.stdout).toMatch(/Verdicts against the current model/);
    expect(result.stdout).toMatch(/us\.amazon\.nova-micro-v1:0: (clearly worse|needs more examples|clearly fine)/);
    const out = join(directory, 'tickets');
    for (const file of ['results.jsonl', 'results.csv', 'summary.json', 'report.html', 'charts/classify-ticket-cost-quality.svg', 'charts/classify-ticket-latency.svg', 'bedrock-eval/us.amazon.nova-lite-v1_0/dataset-001.jsonl']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(121);
    const header = JSON.parse(readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n')[0] ?? '{}') as { settings: { answerKeys: boolean }; catalogVersion: string; toolVersion: string };
    expect(header).toMatchObject({ settings: { answerKeys: true }, toolVersion: '0.1.0' });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    const again = await bench(join(examples, 'support-tickets.yaml'), '--emulator', models, '--limit', '30', '--out', 'tickets');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results.*--resume/);
    const resumed = await bench(join(examples, 'support-tickets.yaml'), '--emulator', models, '--limit', '30', '--out', 'tickets', '--resume', '--no-png');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/0 rows to run, 120 already in the results file/);
  });

  it('points the Bedrock provider at --endpoint, judges, and imports a Bedrock evaluation job\'s scores', async () => {
    const emulator = await startEmulator({ port: 0, timeScale: 0, modelsFile: models });
    try {
      const result = await bench(join(examples, 'customer-replies.yaml'), '--endpoint', emulator.url, '--limit', '4', '--models', 'us.amazon.nova-micro-v1:0', '--out', 'replies', '--no-png');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/judged by us\.amazon\.nova-pro-v1:0/);
      // The emulator marks its replies, so the report warns about simulated models here too.
      expect(readFileSync(join(directory, 'replies', 'report.html'), 'utf8')).toMatch(/Simulated models/);
      const out = join(directory, 'replies');
      const dataset = readFileSync(join(out, 'bedrock-eval/us.amazon.nova-micro-v1_0/dataset-001.jsonl'), 'utf8').trim().split('\n');
      const output = dataset.map((line) => JSON.stringify({ automatedEvaluationResult: { scores: [{ metricName: 'Builtin.Helpfulness', result: 0.75, evaluatorDetails: [{ modelIdentifier: 'amazon.nova-pro-v1:0' }] }] }, inputRecord: JSON.parse(line) as unknown }));
      writeFileSync(join(directory, 'job_output.jsonl'), `${output.join('\n')}\n`);
      const imported = await bench(join(examples, 'customer-replies.yaml'), '--out', 'replies', '--import-bedrock-eval', 'job_output.jsonl', '--no-png');
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/into 4 rows; 0 records matched no row/);
      expect(imported.stdout).toMatch(/has no Bedrock evaluation scores/);
      expect(readFileSync(join(out, 'results.csv'), 'utf8')).toMatch(/score:bedrock-helpfulness/);
    } finally {
      await emulator.close();
    }
  });

  it('Ctrl-C writes what is done and exits 130; --resume finishes without repeating calls', async () => {
    let stdout = '';
    const context: CommandContext = {
      io: { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: directory, env: {} },
      loadPricing: async () => createPricingCatalog(),
      exitCode: 0,
    };
    const options = { emulator: models, limit: 40, out: 'interrupted', concurrency: 2, repeats: 1, margin: 0.05, seed: 1, stream: true, png: false };
    // The interrupt arrives as soon as the run has started, like a Ctrl-C during the first calls.
    await runBenchCommand(join(examples, 'support-tickets.yaml'), options, context, (onInterrupt) => {
      const timer = setTimeout(onInterrupt, 0);
      return { dispose: () => clearTimeout(timer) };
    });
    expect(context.exitCode).toBe(130);
    expect(stdout).toMatch(/Interrupted: \d+ rows written this time\. Continue with the same command and --resume/);
    const path = join(directory, 'interrupted', 'results.jsonl');
    const written = readResultsFile(path).rows.length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(160);
    const resumed = await bench(join(examples, 'support-tickets.yaml'), '--emulator', models, '--limit', '40', '--out', 'interrupted', '--resume', '--no-png');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`${160 - written} rows to run, ${written} already in the results file`);
    expect(readResultsFile(path).rows).toHaveLength(160);
  });

  it('imports a promptfoo config and says what it did not understand', async () => {
    const result = await bench(join(repo, 'src/bench/__fixtures__/promptfooconfig.yaml'), '--estimate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/understood: 2 Bedrock provider/);
    expect(result.stdout).toMatch(/not understood: tests\[1\]\.assert\[1\]: assertion type javascript is not supported/);
  });
});
