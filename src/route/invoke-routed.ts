import type { PricingCatalog } from '../pricing/index.js';
import type { CallOptions, ModelProvider, ModelRequest } from '../providers/index.js';
import { type CascadeResult, runCascade } from './cascade/run-cascade.js';
import type { Validator } from './cascade/validator.js';
import type { Router } from './create-router.js';
import type { RouteContext } from './extract-route-signals.js';
import type { RouteDecision } from './route-decision.js';

export interface InvokeRoutedOptions {
  router: Router;
  provider: ModelProvider;
  catalog: PricingCatalog;
  region?: string;
  /** Validators for cascades; without them every call is direct. */
  validators?: readonly Validator[];
  /** `rules` (default): cascade where the decision says so; `always`: every request climbs from its decided tier. */
  cascade?: 'rules' | 'always';
  onRefusal?: 'return' | 'escalate';
  callOptions?: CallOptions;
}

/**
 * Route, then call: the decision picks the starting tier, and the call runs as a cascade over the
 * router's ladder (a direct call is a one-rung cascade with no validators), so every call comes
 * back with the same record of attempts and costs. The client and gateway build on this.
 */
export async function invokeRouted(request: ModelRequest, context: RouteContext, options: InvokeRoutedOptions): Promise<{ decision: RouteDecision } & CascadeResult> {
  const decision = options.router.route(request, context);
  const climb = options.validators !== undefined && options.validators.length > 0 && (decision.cascade || options.cascade === 'always');
  const ladder = options.router.tiers.map((entry) => entry.modelId);
  const outcome = await runCascade(request, options.provider, {
    ladder: climb ? ladder : [decision.modelId],
    startTier: climb ? decision.tier : 1,
    validators: climb ? (options.validators as readonly Validator[]) : [],
    catalog: options.catalog,
    ...(options.region !== undefined && { region: options.region }),
    ...(options.onRefusal !== undefined && { onRefusal: options.onRefusal }),
    ...(options.callOptions !== undefined && { callOptions: options.callOptions }),
  });
  // A direct call ran as a one-rung ladder; put its attempt back on the router's tier.
  const attempts = climb ? outcome.attempts : outcome.attempts.map((attempt) => ({ ...attempt, tier: decision.tier }));
  return { decision, ...outcome, attempts, finalTier: climb ? outcome.finalTier : decision.tier };
}
