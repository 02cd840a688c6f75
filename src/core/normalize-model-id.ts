import { UnknownModelError } from './errors.js';
import type { ModelRef } from './model-ref.js';
import type { ModelRegistry } from './model-registry.js';
import { parseModelId } from './parse-model-id.js';

export type NormalizeModelIdResult = { ok: true; model: ModelRef } | { ok: false; error: UnknownModelError };

/**
 * Maps every form of a model id (bare, `:0`-suffixed, cross-Region profile, ARN, `bedrock/`
 * prefixes) to one canonical catalog id plus the routing facts the id carried. Unknown ids come
 * back as an error naming the three nearest known ids; nothing is thrown.
 */
export function normalizeModelId(input: string, registry: ModelRegistry): NormalizeModelIdResult {
  const parsed = parseModelId(input);
  // A user alias may name the whole input (an opaque provisioned-model ARN, say) or the bare id.
  const whole = input.trim().toLowerCase();
  const found = registry.lookup(whole) ?? (parsed.opaque ? undefined : registry.lookup(parsed.baseId));
  const wrongProvider =
    found !== undefined && parsed.providerHint !== undefined && parsed.providerHint !== found.provider;

  if (found === undefined || wrongProvider) {
    const hint = parsed.opaque
      ? `"${input}" is a ${parsed.arnResource} ARN, which does not say which model it serves. Map it in frugal.yaml under \`modelAliases\` (ARN: base model id).`
      : undefined;
    return { ok: false, error: new UnknownModelError(input, registry.nearest(parsed.baseId), hint) };
  }

  const model: ModelRef = {
    ...found,
    input,
    scope: parsed.scope,
    provisioned: parsed.provisioned,
  };
  if (parsed.profile !== undefined) model.profile = parsed.profile;
  if (parsed.region !== undefined) model.region = parsed.region;
  if (parsed.accountId !== undefined) model.accountId = parsed.accountId;
  if (parsed.arnResource !== undefined) model.arnResource = parsed.arnResource;
  if (parsed.contextVariant !== undefined) model.contextVariant = parsed.contextVariant;
  return { ok: true, model };
}
