import { z } from 'zod';
import { InvalidArgumentError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import type { ModelResult } from '../providers/index.js';
import { outputFormats } from '../route/index.js';

/**
 * What the caller knows about one request that the request itself does not say: who sent it and
 * for what. The gateway fills it from the API key and headers, `createClient` from its second
 * argument. Every field is optional; what is missing is read from `requestMetadata` where it can
 * be (`task` / `frugal_task`, `team`).
 */
export const pipelineContextSchema = z.strictObject({
  /** Task type (`ticket-classification`): routing rules, per-task output caps, attribution. */
  task: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  /** The gateway's virtual API key id (never the key itself): attribution and budgets. */
  apiKeyId: z.string().min(1).optional(),
  /** Keeps a multi-turn conversation on one tier (router pinning) and is traced as `gen_ai.conversation.id`. */
  conversationId: z.string().min(1).optional(),
  /** Extra labels: routing rules match on them and they are copied into the usage row. */
  metadata: z.record(z.string(), z.string()).optional(),
  /** What the caller expects back, when the router should not guess it. */
  outputFormat: z.enum(outputFormats).optional(),
  /** The caller's id for this request (the gateway's request id); a random UUID otherwise. */
  requestId: z.string().min(1).optional(),
  /** Cancels every model call of the request. */
  signal: z.instanceof(AbortSignal).optional(),
  /** Per-attempt timeout in ms, over the provider's default. */
  timeoutMs: z.number().int().positive().optional(),
  /**
   * `invoke` only: called with the answer as soon as it is final, before the pipeline prices the
   * call, ends its spans and queues its usage rows; the pipeline then yields to the event loop
   * once, so a server can write the answer before that bookkeeping (the gateway does). The
   * returned result still carries all of it. An error it throws is logged, not raised.
   */
  onAnswer: z.custom<(answer: ModelResult) => void>((value) => typeof value === 'function', 'onAnswer must be a function').optional(),
});

export type PipelineContext = z.input<typeof pipelineContextSchema>;

/** Checks a context at the edge, so a misspelt field is an error naming it rather than a silent no-op. */
export function parsePipelineContext(input: unknown): PipelineContext {
  const result = pipelineContextSchema.safeParse(input ?? {});
  if (!result.success) throw new InvalidArgumentError('context', `Invalid request context:\n  - ${formatSchemaIssues(result.error).join('\n  - ')}`);
  return result.data;
}
