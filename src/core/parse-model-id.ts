import type { Provider, RoutingFacts } from './model-ref.js';

/** Geographic and global cross-Region inference profile prefixes. */
export const profilePrefixes = ['global', 'us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca'] as const;

/** The syntax of a model id, before looking it up: which parts are routing facts, which is the model. */
export interface ParsedModelId extends RoutingFacts {
  input: string;
  /** The id with every routing wrapper removed, lower-cased. */
  baseId: string;
  /** Provider named by a prefix such as `bedrock/` or `openai/`. */
  providerHint?: Provider;
  /** The ARN names a resource whose model cannot be read from the id (provisioned model, application profile). */
  opaque: boolean;
}

const arnPattern = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):([a-z-]+)\/(.+)$/;
const regionPattern = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const providerPrefixes: Record<string, Provider> = {
  bedrock: 'bedrock',
  'amazon-bedrock': 'bedrock',
  'aws-bedrock': 'bedrock',
  anthropic: 'anthropic',
  openai: 'openai',
};
/** Path segments other tools put between `bedrock/` and the id (LiteLLM's route and commitment markers). */
const routeSegments = new Set(['converse', 'invoke', 'converse_like', '1-month-commitment', '6-month-commitment']);

/**
 * Splits any id form a Bedrock user meets into the model part and its routing facts:
 * bare ids, `:0` / `:200k` suffixes, cross-Region profiles, foundation-model, inference-profile
 * and provisioned-model ARNs, and `bedrock/`, `bedrock/converse/`, `bedrock/<region>/` prefixes.
 */
export function parseModelId(input: string): ParsedModelId {
  let rest = input.trim().toLowerCase();
  const parsed: ParsedModelId = { input, baseId: rest, scope: 'in-region', provisioned: false, opaque: false };

  const arn = arnPattern.exec(rest);
  if (arn) {
    const [, region, accountId, resource, resourceId] = arn as unknown as [string, string, string, string, string];
    if (region) parsed.region = region;
    if (accountId) parsed.accountId = accountId;
    parsed.arnResource = resource;
    parsed.providerHint = 'bedrock';
    parsed.provisioned = resource === 'provisioned-model';
    // Provisioned models, application profiles and custom models hide the base model behind an opaque id.
    parsed.opaque = resource !== 'foundation-model' && resource !== 'inference-profile';
    rest = resourceId;
  } else {
    for (;;) {
      const slash = rest.indexOf('/');
      if (slash < 0) break;
      const head = rest.slice(0, slash);
      const provider = providerPrefixes[head];
      if (provider !== undefined) {
        parsed.providerHint ??= provider;
      } else if (regionPattern.test(head)) {
        parsed.region ??= head;
      } else if (!routeSegments.has(head)) {
        break;
      }
      rest = rest.slice(slash + 1);
    }
  }

  if (!parsed.opaque) {
    const dot = rest.indexOf('.');
    const prefix = dot > 0 ? rest.slice(0, dot) : '';
    if ((profilePrefixes as readonly string[]).includes(prefix) && rest.indexOf('.', dot + 1) > 0) {
      parsed.profile = prefix;
      parsed.scope = prefix === 'global' ? 'global' : 'geo';
      rest = rest.slice(dot + 1);
    }
    const variant = /:(\d+k)$/.exec(rest);
    if (variant) {
      parsed.contextVariant = variant[1];
      rest = rest.slice(0, variant.index);
    }
  }
  parsed.baseId = rest;
  return parsed;
}
