import { ParseError } from '../../core/index.js';
import type { OutcomeDataset } from './outcome-dataset.js';

/** Concatenates data sets read from several files; only models every file scores are kept. */
export function mergeOutcomeDatasets(datasets: readonly OutcomeDataset[]): OutcomeDataset {
  const first = datasets[0];
  if (first === undefined) throw new ParseError('no outcome files found; give a CSV, a directory of CSVs or a bench results directory.');
  const models = first.models.filter((model) => datasets.every((dataset) => dataset.models.includes(model)));
  const notes = datasets.flatMap((dataset) => dataset.notes);
  const dropped = [...new Set(datasets.flatMap((dataset) => dataset.models))].filter((model) => !models.includes(model));
  if (dropped.length > 0) notes.push(`models not scored in every file were left out: ${dropped.join(', ')}`);
  const seen = new Set<string>();
  const rows = datasets.flatMap((dataset) => dataset.rows).filter((row) => {
    if (seen.has(row.id)) throw new ParseError(`row id "${row.id}" appears twice; ids must be unique across the files given.`);
    seen.add(row.id);
    return true;
  });
  return { models, rows, sources: datasets.flatMap((dataset) => dataset.sources), notes };
}
