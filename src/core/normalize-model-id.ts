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
  let known = resolvedIds.get(registry);
  const hit = known?.get(input);
  if (hit !== undefined) return hit;
  const result = resolveModelId(input, registry);
  // Only known ids are kept: an unknown one is rare, and its error should carry its own stack.
  if (result.ok) {
    if (known === undefined) resolvedIds.set(registry, (known = new Map()));
    if (known.size >= maxResolvedIds) known.clear();
    // Shared by every caller from now on: frozen, so a caller that changed it would fail loudly.
    Object.freeze(result.model);
    known.set(input, Object.freeze(result));
  }
  return result;
}

/**
 * Resolved ids per registry (registries do not change once built). The gateway and the pipeline
 * resolve the same few ids several times per call (pricing mode, price, usage row); parsing them
 * each time was a measurable part of a gateway hop. Bounded, since ids come from requests.
 */
const resolvedIds = new WeakMap<ModelRegistry, Map<string, NormalizeModelIdResult>>();
const maxResolvedIds = 1000;

function resolveModelId(input: string, registry: ModelRegistry): NormalizeModelIdResult {
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

  // Everything the parse found except its own bookkeeping is a routing fact of the call.
  const { input: _input, baseId: _baseId, providerHint: _providerHint, opaque: _opaque, ...facts } = parsed;
  const model: ModelRef = { ...found, ...facts, input };
  return { ok: true, model };
}
