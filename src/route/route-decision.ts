/** Which policy made a decision. */
export type RoutePolicy = 'rules' | 'classifier' | 'default' | 'pinned';

/** A rung of the router's ladder: a model id in any form, or a Bedrock prompt-router ARN. */
export interface TierEntry {
  /** Position on the ladder, 1 = cheapest. */
  tier: number;
  modelId: string;
  name?: string;
  /** A Bedrock Intelligent Prompt Router: Bedrock picks the model, the result names it (`modelId`). */
  promptRouter: boolean;
}

/** What the router decided for one request, and why. Pure data: log it, trace it, act on it. */
export interface RouteDecision {
  tier: number;
  modelId: string;
  policy: RoutePolicy;
  /** One line a person can read: the rule that matched, or the score against the threshold. */
  reason: string;
  /** The matching rule's name. */
  rule?: string;
  /** The classifier's need for the top tier, when it was consulted. */
  score?: number;
  threshold?: number;
  /** Start here and escalate on validation failure (`runCascade`). */
  cascade: boolean;
  promptRouter: boolean;
}

/** A Bedrock prompt-router ARN (default or configured), e.g. `arn:aws:bedrock:us-east-1:123:default-prompt-router/anthropic.claude:1`. */
export function isPromptRouterArn(modelId: string): boolean {
  return /^arn:aws[\w-]*:bedrock:[^:]*:\d*:(?:default-)?prompt-router\//.test(modelId);
}
