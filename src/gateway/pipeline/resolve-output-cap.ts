import type { GatewayState, Target } from '../server/compile-gateway-state.js';

export interface OutputCapPolicy {
  /** Sent when the request sets no cap. */
  default: number | undefined;
  /** The most a request may ask for. */
  ceiling: number | undefined;
}

/** A route's `maxTokens` is both the default and the ceiling; the gateway's `defaultMaxTokens` only a default. */
export function outputCapPolicy(state: GatewayState, target: Target): OutputCapPolicy {
  const routeCap = target.kind === 'route' ? target.route.config.maxTokens : undefined;
  return { default: routeCap ?? state.config.defaultMaxTokens, ceiling: routeCap };
}

/** The cap a call is sent with: the request's own, lowered to the ceiling, else the default. */
export function resolveOutputCap(asked: number | undefined, policy: OutputCapPolicy): number | undefined {
  if (asked === undefined) return policy.default ?? policy.ceiling;
  return policy.ceiling === undefined ? asked : Math.min(asked, policy.ceiling);
}
