import type { ModelRequest } from '../providers/index.js';
import type { OutputCapOptions } from './pipeline-options.js';

/** The cap for a task: its own, else the default; undefined when neither is set. */
export function outputCapFor(task: string | undefined, caps: OutputCapOptions | undefined): number | undefined {
  if (caps === undefined) return undefined;
  return (task !== undefined ? caps.tasks?.[task] : undefined) ?? caps.default;
}

/**
 * Sets `inferenceConfig.maxTokens` from the task's cap. An uncapped request can run to the model's
 * maximum output, and output is the expensive bucket. `fill` leaves a caller's own maxTokens
 * alone; `clamp` also lowers one above the cap (the gateway enforcing a team's limit).
 */
export function capOutputTokens(request: ModelRequest, task: string | undefined, caps: OutputCapOptions | undefined): ModelRequest {
  const cap = outputCapFor(task, caps);
  if (cap === undefined) return request;
  const current = request.inferenceConfig?.maxTokens;
  const mode = caps?.mode ?? 'fill';
  if (current !== undefined && (mode === 'fill' || current <= cap)) return request;
  return { ...request, inferenceConfig: { ...request.inferenceConfig, maxTokens: cap } };
}
