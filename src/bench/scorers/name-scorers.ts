import type { BenchTask } from '../suite/load-suite.js';
import type { ScorerConfig } from '../suite/suite-schema.js';

/** The column name of each scorer: its `name`, else the type (judges: `judge-<metric>` / `judge-rubric`), numbered when repeated. */
export function nameScorers(scorers: readonly ScorerConfig[]): string[] {
  const names: string[] = [];
  for (const scorer of scorers) {
    const base = scorer.name ?? (scorer.type === 'judge' ? `judge-${scorer.metric ?? 'rubric'}` : scorer.type);
    let name = base;
    for (let index = 2; names.includes(name); index += 1) name = `${base}-${index}`;
    names.push(name);
  }
  return names;
}

export function taskUsesJudge(task: BenchTask): boolean {
  return task.scorers.some((scorer) => scorer.type === 'judge');
}
