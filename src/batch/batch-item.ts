import type { BatchBodyFormat } from './batch-plan-schema.js';
import type { ModelRequest } from '../providers/index.js';

/** One unit of work to run in batch: a request, the user's id for it, and where it came from. */
export interface BatchItem {
  /** The user's id (their `id` field, a ledger request id, `line-7`); results are keyed by it. */
  id: string;
  /** Converse-shaped; `modelId` is replaced by the plan's model. */
  request: ModelRequest;
  /** `prompts.csv:7`, `ledger:<request id>`, ... */
  source: string | null;
  task: string | null;
  /** A record body to use as it is (a retried record), when the plan uses the same body format; otherwise it is built from `request`. */
  modelInput?: { format: BatchBodyFormat; body: Record<string, unknown> };
}
