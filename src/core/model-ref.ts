/** Who sells the call: the same model is a different price card on each provider. */
export const providers = ['bedrock', 'anthropic', 'openai'] as const;
export type Provider = (typeof providers)[number];

/** 1 = small and cheap, 2 = mid, 3 = top tier. Routing moves traffic between tiers. */
export type ModelTier = 1 | 2 | 3;

/**
 * `in-region`: a bare model id, served in the caller's Region.
 * `geo`: a geographic cross-Region inference profile (`us.`, `eu.`, `apac.`, `jp.`, `au.`, ...).
 * `global`: the `global.` profile, which AWS prices below the Regional endpoints for newer models.
 */
export type InferenceScope = 'in-region' | 'geo' | 'global';

/** What a registry needs to know about a model to resolve ids to it. */
export interface ModelInfo {
  id: string;
  provider: Provider;
  publisher: string;
  name: string;
  family: string;
  tier: ModelTier;
  aliases: readonly string[];
}

/** What an id says about how the call was routed, beyond which model served it. */
export interface RoutingFacts {
  scope: InferenceScope;
  /** Cross-Region profile prefix, e.g. `us`, `eu`, `global`. */
  profile?: string;
  /** Region named by an ARN (or a `bedrock/<region>/` prefix). */
  region?: string;
  accountId?: string;
  /** ARN resource type when the id was an ARN. */
  arnResource?: string;
  /** True when the call ran on Provisioned Throughput (a provisioned-model ARN). */
  provisioned: boolean;
  /** Context-window variant suffix of a provisioned base model, e.g. `200k`. */
  contextVariant?: string;
}

/** A resolved model id, with the routing facts the id itself carried. */
export interface ModelRef extends ModelInfo, RoutingFacts {
  /** The string as the user or log wrote it. */
  input: string;
}

/** ARN resources that stand for a profile or deployment of their own, named by the ARN itself. */
const profileArnResources = new Set(['application-inference-profile', 'provisioned-model', 'custom-model', 'imported-model']);

/**
 * The ledger's `inference_profile` of a call to `ref`: the cross-Region profile prefix (`us`,
 * `global`), or the ARN of an application inference profile, provisioned, custom or imported
 * model; null for a bare model id.
 */
export function inferenceProfileOf(ref: ModelRef): string | null {
  return ref.profile ?? (ref.arnResource !== undefined && profileArnResources.has(ref.arnResource) ? ref.input : null);
}
