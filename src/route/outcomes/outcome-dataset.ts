import type { ModelRequest } from '../../providers/index.js';

/**
 * Labelled outcomes a router is trained and evaluated on: one row per prompt, with each model's
 * quality on it (1/0 for right/wrong, or a 0..1 score), and where known what the call cost and
 * what the model answered (the cascade's validators are measured on those answers). Rows are
 * built by the readers (`parseOutcomesCsv`, `readBenchOutcomes`), which validate their input.
 */
export interface OutcomeRow {
  id: string;
  /** The text a router reads: the prompt (or the last user message of `request`). */
  prompt: string;
  /** The full request when the source has it (bench runs): system prompt, few-shot turns, tools. */
  request?: ModelRequest;
  task?: string;
  /** Quality per model id, 0..1. */
  scores: Record<string, number>;
  /** USD per call per model, where the source recorded it. */
  costs: Record<string, number>;
  /** The model's answer text, where the source kept it. */
  responses: Record<string, string>;
  /** Stop reason of the answer (`end`, `length`, ...), where known. */
  stopReasons: Record<string, string>;
}

export interface OutcomeDataset {
  /** Model ids that have a score on every row, in source order. */
  models: string[];
  rows: OutcomeRow[];
  /** Files read, for the report. */
  sources: string[];
  /** What was dropped or assumed while reading, said out loud. */
  notes: string[];
}
