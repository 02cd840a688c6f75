import type { BenchExample } from '../suite/bench-example.js';
import type { BenchSuite, BenchTask } from '../suite/load-suite.js';
import { rowKey } from './bench-row.js';

export interface BenchWorkItem {
  task: BenchTask;
  example: BenchExample;
  model: string;
  repeat: number;
  key: string;
}

/** Every (task, example, model, repeat) of a run, `limit` examples per task, in a stable order. */
export function planBenchRun(suite: BenchSuite, options: { models: readonly string[]; repeats: number; limit?: number | null }): BenchWorkItem[] {
  const items: BenchWorkItem[] = [];
  for (const task of suite.tasks) {
    const examples = options.limit === undefined || options.limit === null ? task.examples : task.examples.slice(0, options.limit);
    for (const example of examples) {
      for (const model of options.models) {
        for (let repeat = 0; repeat < options.repeats; repeat += 1) {
          items.push({ task, example, model, repeat, key: rowKey(task.name, example.id, model, repeat) });
        }
      }
    }
  }
  return items;
}
