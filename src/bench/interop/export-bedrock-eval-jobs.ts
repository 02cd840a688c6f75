import { judgeMetrics } from '../../judge/index.js';
import type { BenchRow } from '../run/bench-row.js';
import { buildTaskRequest } from '../run/build-task-request.js';
import { referenceOf } from '../suite/bench-example.js';
import type { BenchSuite } from '../suite/load-suite.js';

/** Bedrock's limit: a model-evaluation job takes at most 1,000 prompts. */
export const bedrockEvalMaxPrompts = 1000;

export interface BedrockEvalDataset {
  /** Relative path: `<model>/dataset-001.jsonl`. */
  path: string;
  model: string;
  records: number;
  text: string;
}

export interface BedrockEvalExport {
  datasets: BedrockEvalDataset[];
  /** A CreateEvaluationJob input per dataset with placeholders (S3 URIs, role) to fill in. */
  jobs: { path: string; text: string }[];
  warnings: string[];
}

/** Model ids contain `:` and `/`; file and job names may not. */
export function slugifyModel(model: string): string {
  return model.replace(/[^A-Za-z0-9.-]+/g, '_');
}

/**
 * Our responses as Bedrock "bring your own inference" evaluation datasets: one line per example
 * `{prompt, referenceResponse, category, modelResponses: [{response, modelIdentifier}]}` with the
 * task as the category, one model per dataset (Bedrock judges one model per job) and at most
 * 1,000 prompts each, split into parts. Only repeat 0 of successful calls is exported, so every
 * (model, prompt) appears once and imported scores map back to exactly one row.
 */
export function exportBedrockEvalJobs(rows: readonly BenchRow[], suite: BenchSuite, options: { judges?: readonly string[]; maxPrompts?: number } = {}): BedrockEvalExport {
  const maxPrompts = options.maxPrompts ?? bedrockEvalMaxPrompts;
  const warnings: string[] = [];
  const tasks = new Map(suite.tasks.map((task) => [task.name, task]));
  const byModel = new Map<string, string[]>();
  let skipped = 0;
  for (const row of rows) {
    if (row.repeat !== 0 || row.status !== 'ok') continue;
    const task = tasks.get(row.task);
    const example = task?.examples.find((candidate) => candidate.id === row.exampleId);
    if (task === undefined || example === undefined) {
      skipped += 1;
      continue;
    }
    const { promptText } = buildTaskRequest({ suite: suite.name, task, example, modelId: row.model, caching: false, answerKeys: false });
    const reference = referenceOf(example);
    const line = JSON.stringify({
      prompt: promptText,
      ...(reference !== undefined && { referenceResponse: reference }),
      category: row.task,
      modelResponses: [{ response: row.output, modelIdentifier: row.model }],
    });
    const lines = byModel.get(row.model) ?? [];
    lines.push(line);
    byModel.set(row.model, lines);
  }
  if (skipped > 0) warnings.push(`${skipped} rows were not exported: their task or example is no longer in the suite.`);
  const metricNames = [
    ...new Set(suite.tasks.flatMap((task) => task.scorers.flatMap((scorer) => (scorer.type === 'judge' && scorer.metric !== undefined ? [judgeMetrics[scorer.metric].bedrockName] : [])))),
  ];
  const datasets: BedrockEvalDataset[] = [];
  const jobs: BedrockEvalExport['jobs'] = [];
  for (const [model, lines] of byModel) {
    for (let start = 0, part = 1; start < lines.length; start += maxPrompts, part += 1) {
      const chunk = lines.slice(start, start + maxPrompts);
      const name = `dataset-${String(part).padStart(3, '0')}`;
      const path = `${slugifyModel(model)}/${name}.jsonl`;
      datasets.push({ path, model, records: chunk.length, text: `${chunk.join('\n')}\n` });
      jobs.push({ path: `${slugifyModel(model)}/${name}.create-evaluation-job.json`, text: `${JSON.stringify(createJobInput(suite.name, model, name, metricNames, options.judges ?? []), null, 2)}\n` });
    }
  }
  return { datasets, jobs, warnings };
}

/** `aws bedrock create-evaluation-job --cli-input-json file://...` once the placeholders are filled in. */
function createJobInput(suite: string, model: string, dataset: string, metricNames: string[], judges: readonly string[]): unknown {
  return {
    jobName: `${suite}-${slugifyModel(model)}-${dataset}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63),
    roleArn: 'arn:aws:iam::ACCOUNT_ID:role/REPLACE_WITH_EVALUATION_ROLE',
    applicationType: 'ModelEvaluation',
    evaluationConfig: {
      automated: {
        datasetMetricConfigs: [
          {
            taskType: 'General',
            dataset: { name: dataset, datasetLocation: { s3Uri: `s3://REPLACE_BUCKET/frugal-bench/${suite}/${slugifyModel(model)}/${dataset}.jsonl` } },
            metricNames: metricNames.length > 0 ? metricNames : ['Builtin.Correctness', 'Builtin.Completeness'],
          },
        ],
        evaluatorModelConfig: { bedrockEvaluatorModels: (judges.length > 0 ? judges : ['REPLACE_WITH_JUDGE_MODEL']).map((modelIdentifier) => ({ modelIdentifier })) },
      },
    },
    inferenceConfig: { models: [{ precomputedInferenceSource: { inferenceSourceIdentifier: model } }] },
    outputDataConfig: { s3Uri: `s3://REPLACE_BUCKET/frugal-bench/${suite}/output/` },
  };
}
