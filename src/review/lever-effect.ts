import type { UsageMode } from '../core/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';

/** Token buckets of a part of a slice's traffic; fractional while levers reshape them, rounded when priced. */
export interface TokenBuckets {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
}

/** Some of a slice's traffic, on one model in one mode. */
export interface SlicePart {
  mode: UsageMode;
  /** The id priced: canonical, or `global.<id>` for the global cross-Region profile's price. */
  model: string;
  requests: number;
  tokens: TokenBuckets;
  /** Tokens of the prefix this traffic caches per request, when known: a cheaper model with a higher minimum cannot cache it. */
  cachedPrefixTokens?: number;
}

export interface SliceTraffic {
  region: string;
  parts: SlicePart[];
}

/** Every slice's traffic by slice key; levers return a new state and never change the one given. */
export type SliceState = ReadonlyMap<string, SliceTraffic>;

/**
 * What a lever changes, in terms the plan can price and compose: each detector describes its
 * change this way, so the saving of a lever applied after others is priced on what they left.
 */
export type LeverEffect =
  /** The slices' on-demand traffic moves to batch inference (which has no prompt caching). */
  | { kind: 'batch'; sliceKeys: readonly string[] }
  /** Shares of the slices' on-demand input tokens read from and written to the cache. */
  | { kind: 'cache'; shares: Readonly<Record<string, { read: number; write: number; ttl: '5m' | '1h'; prefixTokens: number }>> }
  /** The slices move to a cheaper model. */
  | { kind: 'route'; sliceKeys: readonly string[]; toModel: string }
  /** Output tokens an output cap removes, per slice. */
  | { kind: 'cap'; outputTokens: Readonly<Record<string, number>> }
  /** The slices' on-demand traffic moves to the flex service tier. */
  | { kind: 'flex'; sliceKeys: readonly string[] }
  /** A cost outside the token ledger (provisioned units) replaced by another. */
  | { kind: 'fixed'; before: number; after: number };

const emptyTokens = (): TokenBuckets => ({ input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 });
const totalInput = (tokens: TokenBuckets): number => tokens.input + tokens.cacheRead + tokens.cacheWrite5m + tokens.cacheWrite1h;

/** USD of one part through the catalog (exact, as the ledger prices calls); null when the catalog cannot price it. */
export function pricePart(part: SlicePart, region: string, catalog: PricingCatalog): number | null {
  const round = (value: number): number => Math.max(0, Math.round(value));
  return priceUsage(
    {
      model: part.model,
      region,
      mode: part.mode,
      inputTokens: round(part.tokens.input),
      cacheReadTokens: round(part.tokens.cacheRead),
      cacheWrite5mTokens: round(part.tokens.cacheWrite5m),
      cacheWrite1hTokens: round(part.tokens.cacheWrite1h),
      outputTokens: round(part.tokens.output),
    },
    catalog,
  ).total;
}

/** Whether the catalog sells this model in this mode and Region (one token priced). */
export function offersMode(model: string, region: string, mode: UsageMode, catalog: PricingCatalog): boolean {
  return priceUsage({ model, region, mode, inputTokens: 1, outputTokens: 1 }, catalog).total !== null;
}

export function priceSlice(slice: SliceTraffic, catalog: PricingCatalog): number {
  return slice.parts.reduce((sum, part) => sum + (pricePart(part, slice.region, catalog) ?? 0), 0);
}

/** Total USD of a state, or of the listed slices only. */
export function priceState(state: SliceState, catalog: PricingCatalog, keys?: Iterable<string>): number {
  let total = 0;
  for (const key of keys ?? state.keys()) {
    const slice = state.get(key);
    if (slice !== undefined) total += priceSlice(slice, catalog);
  }
  return total;
}

function cachingMinimum(model: string, catalog: PricingCatalog): number | undefined {
  const id = model.startsWith('global.') ? model.slice('global.'.length) : model;
  const rules = catalog.model(id)?.entry.caching;
  return rules?.supported === true ? rules.minTokensPerCheckpoint : undefined;
}

/** The traffic a cheaper model would see: same tokens; cached ones billed as input where it cannot cache that prefix. */
function routePart(part: SlicePart, toModel: string, region: string, catalog: PricingCatalog): SlicePart {
  const global = part.model.startsWith('global.') && offersMode(`global.${toModel}`, region, part.mode, catalog);
  const model = global ? `global.${toModel}` : toModel;
  if (!offersMode(model, region, part.mode, catalog)) return part;
  const cached = part.tokens.cacheRead + part.tokens.cacheWrite5m + part.tokens.cacheWrite1h;
  const minimum = cachingMinimum(toModel, catalog);
  const keepsCache = cached === 0 || (minimum !== undefined && (part.cachedPrefixTokens ?? Number.POSITIVE_INFINITY) >= minimum);
  const tokens = keepsCache ? { ...part.tokens } : { ...emptyTokens(), input: totalInput(part.tokens), output: part.tokens.output };
  return { ...part, model, tokens, ...(keepsCache ? {} : { cachedPrefixTokens: undefined }) };
}

/**
 * Applies one lever to a state, as Bedrock would bill the result. A part the lever cannot apply
 * to (no batch or flex price for its model here, a model without caching) is left as it was,
 * so a lever never claims a saving the catalog cannot price.
 */
export function applyLeverEffect(state: SliceState, effect: LeverEffect, catalog: PricingCatalog): Map<string, SliceTraffic> {
  const next = new Map(state);
  const update = (key: string, change: (part: SlicePart, region: string) => SlicePart | SlicePart[]): void => {
    const slice = next.get(key);
    if (slice === undefined) return;
    next.set(key, { region: slice.region, parts: slice.parts.flatMap((part) => change(part, slice.region)) });
  };
  switch (effect.kind) {
    case 'batch':
      for (const key of effect.sliceKeys) {
        update(key, (part, region) => {
          if (part.mode !== 'on-demand' || !offersMode(part.model, region, 'batch', catalog)) return part;
          // Batch jobs have no prompt caching: every input token is billed as input, at the batch rate.
          return { mode: 'batch', model: part.model, requests: part.requests, tokens: { ...emptyTokens(), input: totalInput(part.tokens), output: part.tokens.output } };
        });
      }
      return next;
    case 'cache':
      for (const [key, share] of Object.entries(effect.shares)) {
        update(key, (part) => {
          if (part.mode !== 'on-demand' || cachingMinimum(part.model, catalog) === undefined) return part;
          const total = totalInput(part.tokens);
          const read = total * share.read;
          const write = total * share.write;
          return {
            ...part,
            cachedPrefixTokens: share.prefixTokens,
            tokens: { input: Math.max(0, total - read - write), cacheRead: read, cacheWrite5m: share.ttl === '5m' ? write : 0, cacheWrite1h: share.ttl === '1h' ? write : 0, output: part.tokens.output },
          };
        });
      }
      return next;
    case 'route':
      for (const key of effect.sliceKeys) update(key, (part, region) => routePart(part, effect.toModel, region, catalog));
      return next;
    case 'cap':
      for (const [key, removed] of Object.entries(effect.outputTokens)) {
        const slice = next.get(key);
        const output = slice?.parts.reduce((sum, part) => sum + part.tokens.output, 0) ?? 0;
        if (output <= 0) continue;
        const keep = Math.max(0, 1 - removed / output);
        update(key, (part) => ({ ...part, tokens: { ...part.tokens, output: part.tokens.output * keep } }));
      }
      return next;
    case 'flex':
      for (const key of effect.sliceKeys) {
        update(key, (part, region) => (part.mode === 'on-demand' && offersMode(part.model, region, 'flex', catalog) ? { ...part, mode: 'flex' } : part));
      }
      return next;
    case 'fixed':
      return next;
  }
}

/** The USD a lever saves applied to this state: priced before minus priced after (fixed costs as given). */
export function priceEffect(state: SliceState, effect: LeverEffect, catalog: PricingCatalog): { saving: number; after: Map<string, SliceTraffic>; affected: number } {
  if (effect.kind === 'fixed') return { saving: effect.before - effect.after, after: new Map(state), affected: effect.before };
  const keys = effect.kind === 'cache' ? Object.keys(effect.shares) : effect.kind === 'cap' ? Object.keys(effect.outputTokens) : effect.sliceKeys;
  const after = applyLeverEffect(state, effect, catalog);
  const before = priceState(state, catalog, keys);
  return { saving: before - priceState(after, catalog, keys), after, affected: before };
}
