import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../run/bench-row.js';
import { rowKey } from '../run/bench-row.js';
import { resolveSuite } from '../suite/load-suite.js';
import { validateSuite } from '../suite/load-suite.js';
import { bedrockEvalMaxPrompts, exportBedrockEvalJobs } from './export-bedrock-eval-jobs.js';
import { mergeBedrockEvaluations, parseBedrockEvalOutput } from './import-bedrock-eval-results.js';

const suiteConfig = validateSuite(
  {
    version: 1,
    name: 'qa',
    models: { current: 'us.amazon.nova-pro-v1:0', candidates: ['us.amazon.nova-micro-v1:0'] },
    judge: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    tasks: [
      {
        name: 'answer',
        prompt: { system: 'Answer briefly.', user: 'Q{{ n }}: what is {{ n }} + 1?' },
        examples: Array.from({ length: 1203 }, (_, n) => ({ id: `q${n}`, vars: { n }, expected: String(n + 1) })),
        scorers: [{ type: 'judge', metric: 'correctness' }, { type: 'judge', metric: 'harmfulness' }],
      },
    ],
  },
  'qa.yaml',
);
const suite = await resolveSuite(suiteConfig, { baseDir: '.' });

function row(model: string, index: number, repeat = 0): BenchRow {
  return {
    kind: 'row', key: rowKey('answer', `q${index}`, model, repeat), task: 'answer', exampleId: `q${index}`, model, repeat, servedModel: model, requestId: null,
    status: 'ok', error: null, output: String(index + 1), outputChars: 1, stopReason: 'end_turn',
    tokens: { input: 10, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 1 }, cost: { generation: 0.00001, judge: 0, total: 0.00001 },
    latency: { ttftMs: 1, totalMs: 2, serviceMs: 1, retryWaitMs: 0, queueMs: 0, attempts: 1 }, scores: {}, quality: null, pass: null, judge: null, answerKeyed: false, simulated: false, startedAt: '2026-01-01T00:00:00Z',
  };
}
const models = ['us.amazon.nova-pro-v1:0', 'us.amazon.nova-micro-v1:0'];
const rows = models.flatMap((model) => [...Array.from({ length: 1203 }, (_, index) => row(model, index)), row(model, 0, 1)]);

/** What a Bedrock evaluation job writes for a dataset line: the input record plus the judge's scores. */
function simulateJobOutput(datasetText: string, evaluator: string): string {
  return datasetText
    .trim()
    .split('\n')
    .map((line, index) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({
        automatedEvaluationResult: {
          scores: [
            { metricName: 'Builtin.Correctness', result: index % 4 === 0 ? 0 : 1, evaluatorDetails: [{ modelIdentifier: evaluator, explanation: 'checked against the reference' }] },
            { metricName: 'Builtin.Harmfulness', result: 0, evaluatorDetails: [{ modelIdentifier: evaluator }] },
            { metricName: 'Builtin.Faithfulness', result: null, evaluatorDetails: [{ modelIdentifier: evaluator }] },
          ],
        },
        inputRecord: record,
      });
    })
    .join('\n');
}

describe('Bedrock model-evaluation jobs', () => {
  const exported = exportBedrockEvalJobs(rows, suite, { judges: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0'] });

  it('exports one model per dataset, at most 1,000 prompts each, repeat 0 only', () => {
    expect(exported.datasets.map((dataset) => [dataset.path, dataset.records])).toEqual([
      ['us.amazon.nova-pro-v1_0/dataset-001.jsonl', 1000],
      ['us.amazon.nova-pro-v1_0/dataset-002.jsonl', 203],
      ['us.amazon.nova-micro-v1_0/dataset-001.jsonl', 1000],
      ['us.amazon.nova-micro-v1_0/dataset-002.jsonl', 203],
    ]);
    expect(exported.datasets.every((dataset) => dataset.records <= bedrockEvalMaxPrompts)).toBe(true);
    const first = JSON.parse(exported.datasets[0]?.text.split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect(first).toEqual({ prompt: 'Answer briefly.\n\nQ0: what is 0 + 1?', referenceResponse: '1', category: 'answer', modelResponses: [{ response: '1', modelIdentifier: 'us.amazon.nova-pro-v1:0' }] });
    const job = JSON.parse(exported.jobs[0]?.text ?? '{}') as { evaluationConfig: { automated: { datasetMetricConfigs: { metricNames: string[] }[]; evaluatorModelConfig: unknown } }; inferenceConfig: unknown };
    expect(job.evaluationConfig.automated.datasetMetricConfigs[0]?.metricNames).toEqual(['Builtin.Correctness', 'Builtin.Harmfulness']);
    expect(job.evaluationConfig.automated.evaluatorModelConfig).toEqual({ bedrockEvaluatorModels: [{ modelIdentifier: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0' }] });
    expect(job.inferenceConfig).toEqual({ models: [{ precomputedInferenceSource: { inferenceSourceIdentifier: 'us.amazon.nova-pro-v1:0' } }] });
  });

  it('imports the job output back onto the same rows (null stays not applicable, harmfulness inverted into quality)', () => {
    const evaluations = exported.datasets.flatMap((dataset) => parseBedrockEvalOutput(simulateJobOutput(dataset.text, 'anthropic.claude-3-5-sonnet-20241022-v2:0'), dataset.path));
    const merged = mergeBedrockEvaluations(rows, evaluations, suite);
    expect(merged.unmatched).toEqual([]);
    expect(merged.updated).toHaveLength(2406);
    expect(merged.warnings).toEqual([]);
    const first = merged.updated.find((updated) => updated.key === rowKey('answer', 'q0', 'us.amazon.nova-pro-v1:0', 0));
    expect(first?.scores).toMatchObject({
      'bedrock-correctness': { value: 0, pass: false, reason: 'checked against the reference' },
      'bedrock-harmfulness': { value: 1, pass: true },
      'bedrock-faithfulness': { value: null, pass: null },
    });
    expect(first?.quality).toBe(0.5);
    expect(first?.pass).toBe(false);
  });

  it('refuses outputs judged by different evaluator models, and reports bad lines with their number', () => {
    const [a, b] = exported.datasets;
    const evaluations = [
      ...parseBedrockEvalOutput(simulateJobOutput(a?.text ?? '', 'judge-one'), 'a'),
      ...parseBedrockEvalOutput(simulateJobOutput(exported.datasets[2]?.text ?? '', 'judge-two'), 'c'),
    ];
    expect(b).toBeDefined();
    expect(() => mergeBedrockEvaluations(rows, evaluations, suite)).toThrow(/Refusing to mix judges/);
    expect(() => parseBedrockEvalOutput('{"automatedEvaluationResult": {"scores": []}, "inputRecord": {}}\n', 'out.jsonl')).toThrow(/out\.jsonl, line 1: .*prompt/);
  });
});
