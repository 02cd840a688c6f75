import { InvalidArgumentError } from '../core/index.js';
import { buildTaskRequest, loadBenchInput } from '../bench/index.js';
import type { BatchItem } from './batch-item.js';

export interface SuiteItems {
  suite: string;
  items: BatchItem[];
  /** The suite's current model, the default to run on. */
  currentModel: string;
}

/**
 * The prompts of a `frugal bench` suite (or a promptfoo config bench reads) as batch items: one per
 * task and example, rendered by bench's own request builder (system prompt, few-shot turns, user
 * turn, output cap), without cache points or emulator answer keys. Ids are `<task>/<example id>`.
 * `task` keeps one task of the suite.
 */
export async function readSuiteItems(path: string, task?: string): Promise<SuiteItems> {
  const { suite } = await loadBenchInput(path);
  const tasks = task === undefined ? suite.tasks : suite.tasks.filter((candidate) => candidate.name === task);
  if (tasks.length === 0) throw new InvalidArgumentError('--task', `The suite ${suite.name} has no task "${task}"; its tasks are ${suite.tasks.map((candidate) => candidate.name).join(', ')}.`);
  const items = tasks.flatMap((benchTask) =>
    benchTask.examples.map((example): BatchItem => {
      const { request } = buildTaskRequest({ suite: suite.name, task: benchTask, example, modelId: suite.models.current, caching: false, answerKeys: false });
      const { requestMetadata: _metadata, ...withoutMetadata } = request;
      return { id: `${benchTask.name}/${example.id}`, request: withoutMetadata, source: `${path}: ${example.source}`, task: benchTask.name };
    }),
  );
  return { suite: suite.name, items, currentModel: suite.models.current };
}
