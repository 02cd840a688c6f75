import { FrugalError } from '../core/index.js';
import type { RouteDecision } from '../route/index.js';
import type { PipelineAttempt } from './pipeline-result.js';

/**
 * A request that produced no answer. `code` and `isRetryable` are the underlying error's (the
 * gateway maps THROTTLED to 429, and so on); `attempts` says what was tried and what it cost,
 * and those calls are in the usage sink already.
 */
export class PipelineError extends FrugalError {
  readonly requestId: string;
  readonly decision: RouteDecision | null;
  readonly attempts: PipelineAttempt[];
  readonly totalCostUsd: number | null;

  constructor(cause: FrugalError, details: { requestId: string; decision: RouteDecision | null; attempts: PipelineAttempt[]; totalCostUsd: number | null }) {
    super(cause.code, cause.message, { cause, isRetryable: cause.isRetryable });
    this.name = 'PipelineError';
    this.requestId = details.requestId;
    this.decision = details.decision;
    this.attempts = details.attempts;
    this.totalCostUsd = details.totalCostUsd;
  }
}
