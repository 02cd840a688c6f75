import type { MiddlewareHandler } from 'hono';
import { type BudgetScope, type BudgetTracker, isBudgetRefusal } from '../budget/create-budget-tracker.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { outputCapPolicy, resolveOutputCap } from '../pipeline/resolve-output-cap.js';
import type { Target } from '../server/compile-gateway-state.js';

/** Every model the target may call: a route's whole ladder, since the router decides later. */
export function candidateModels(target: Target): readonly string[] {
  if (target.kind === 'model') return [target.modelId];
  return target.route.models;
}

const usd = (value: number): string => `$${value.toFixed(4)}`;

/**
 * Budgets per key and team, per UTC day and month. Before the call the estimated cost (input by
 * size, output at the cap, the dearest model the target may use) is reserved atomically against
 * every budget that applies — so concurrent requests cannot together overspend — and refused
 * with 429 `insufficient_quota` (AWS: ServiceQuotaExceededException) when it does not fit. When
 * the request's last billed call ends, the reservation is replaced by the actual cost.
 *
 * @example app.post('/v1/chat/completions', parseBody, route(), budget(services), ...)
 */
export function budget(services: Pick<GatewayServices, 'budgets' | 'estimateCost'>): MiddlewareHandler<GatewayEnv> {
  const budgets: BudgetTracker = services.budgets;
  return async function budget(c, next) {
    const key = c.get('key');
    const state = c.get('state');
    const target = c.get('target');
    const call = c.get('call');
    const team = key.team === undefined ? undefined : state.teams.get(key.team);
    const scopes: BudgetScope[] = [
      ...(key.budget === undefined ? [] : [{ kind: 'key' as const, name: key.id, budget: key.budget }]),
      ...(team?.budget === undefined ? [] : [{ kind: 'team' as const, name: key.team as string, budget: team.budget }]),
    ];
    if (scopes.length === 0) {
      c.set('reservation', undefined);
      return next();
    }
    const cap = resolveOutputCap(call.request.inferenceConfig?.maxTokens, outputCapPolicy(state, target));
    const estimate = services.estimateCost(call.request, candidateModels(target), cap, target.upstream.region, state);
    const reserved = budgets.reserve(scopes, estimate.usd);
    if (isBudgetRefusal(reserved)) {
      const { scope, period, limitUsd, usedUsd } = reserved;
      throw new GatewayHttpError(
        'budget_exceeded',
        `The ${period} budget of ${scope.kind} "${scope.name}" (${usd(limitUsd)}) is used up: ${usd(usedUsd)} spent or reserved, and this request may cost up to ${usd(estimate.usd)}. It resets at the start of the next UTC ${period === 'daily' ? 'day' : 'month'}.`,
        { retryable: false, openaiCode: 'insufficient_quota' },
      );
    }
    c.set('reservation', reserved);
    const settle = (): void => {
      const spent = c.get('accounting');
      budgets.settle(reserved, spent.unknownCost ? null : spent.costUsd);
    };
    const tracked: Promise<unknown>[] = [];
    const track = c.get('track');
    c.set('track', (finished) => {
      tracked.push(finished);
      track(finished);
    });
    try {
      await next();
    } finally {
      if (tracked.length === 0) settle();
      else void Promise.allSettled(tracked).then(settle);
    }
  };
}
