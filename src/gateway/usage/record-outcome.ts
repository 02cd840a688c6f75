import type { PipelineAttempt } from '../../client/index.js';
import type { Accounting } from '../gateway-env.js';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.js';

/** What a finished request reports: a `PipelineResult`, or the `PipelineError` it threw. */
export interface RequestOutcome {
  attempts?: readonly PipelineAttempt[];
  totalCostUsd?: number | null;
}

/**
 * Adds a request's billed calls to its running cost (for the budget) and to the token and cost
 * counters. The ledger rows themselves went to the usage sink from inside the pipeline, priced
 * the same way, so the metrics, the budget and the ledger agree.
 */
export function recordOutcome(outcome: RequestOutcome | undefined, accounting: Accounting, metrics: GatewayMetrics, team: string | undefined): void {
  const attempts = outcome?.attempts ?? [];
  for (const attempt of attempts) {
    const usage = attempt.usage;
    if (usage === null) continue;
    accounting.billedCalls += 1;
    const model = attempt.servedModelId ?? attempt.requestedModelId;
    metrics.tokens(model, 'input', usage.inputTokens ?? 0);
    metrics.tokens(model, 'cache_read', usage.cacheReadTokens ?? 0);
    metrics.tokens(model, 'cache_write', (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0));
    metrics.tokens(model, 'output', usage.outputTokens ?? 0);
    if (attempt.costUsd === null) accounting.unknownCost = true;
    else {
      accounting.costUsd += attempt.costUsd;
      metrics.cost(model, team ?? '', attempt.costUsd);
    }
  }
}
