import type { PriceMode, PriceScope } from './catalog-schema.js';

/** The catalog's token buckets a Price List SKU can price. */
export const priceBuckets = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h'] as const;
export type PriceBucket = (typeof priceBuckets)[number];

export type UsageTypeGrammar = 'classic' | 'mantle' | 'marketplace';

export type ParsedUsageType =
  | {
      ok: true;
      grammar: UsageTypeGrammar;
      /** The usage type's own model name (`Claude3Haiku`) or embedded model id (mantle); none for Marketplace. */
      modelName: string | undefined;
      bucket: PriceBucket;
      mode: PriceMode;
      scope: PriceScope;
    }
  | { ok: false; reason: string };

/**
 * Reads a Bedrock usage type from the AWS Price List (the same strings appear in CUR). Three
 * grammars are known:
 * - classic: `USE1-Claude3Haiku-input-tokens`, `USE1-NovaPro-cache-read-input-token-count`,
 *   `USE1-Claude4Sonnet-output-tokens-cross-region-global`, `USE1-Nova2.0Lite-input-tokens-flex`;
 * - mantle: `USE1-anthropic.claude-haiku-4-5-mantle-cache-write-tokens-1h-standard`;
 * - Marketplace: `USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units`, `USE1-MP:USE1_input_tokens_batch-Units`.
 * Anything outside the known vocabulary comes back with a reason, never as a guess.
 */
export function parsePriceListUsageType(usageType: string): ParsedUsageType {
  const withoutRegion = usageType.trim().replace(/^(?:[A-Z]{2,5}[0-9]{1,2}|EU)-/, '');
  if (withoutRegion.startsWith('MP:')) {
    const body = withoutRegion.replace(/^MP:[A-Za-z0-9]+_/, '').replace(/-Units$/i, '');
    return readTokens('marketplace', undefined, splitWords(body), false);
  }
  const mantle = withoutRegion.indexOf('-mantle-');
  if (mantle > 0) {
    const tokens = withoutRegion.slice(mantle + '-mantle-'.length).toLowerCase().split('-');
    return readTokens('mantle', withoutRegion.slice(0, mantle), tokens, false);
  }
  const parts = withoutRegion.split('-');
  const lower = parts.map((part) => part.toLowerCase());
  const anchor = lower.findIndex((part) => part === 'input' || part === 'output' || part === 'cache');
  if (anchor < 0) {
    if (lower.some((part) => part === 'training' || part === 'customization')) return { ok: false, reason: 'model customization (training) is not an inference price' };
    return { ok: false, reason: 'no token direction (input, output, cache read/write) in the usage type' };
  }
  if (anchor === 0) return { ok: false, reason: 'no model name before the token direction' };
  const modelParts = parts.slice(0, anchor);
  const last = lower[anchor - 1] ?? '';
  if (modalities.has(last)) return { ok: false, reason: `${last} tokens are not priced in the catalog (text tokens only)` };
  if (last === 'latencyoptimized') return { ok: false, reason: 'latency-optimized inference is not a mode the catalog prices' };
  return readTokens('classic', modelParts.join('-'), lower.slice(anchor), true);
}

const modalities = new Set(['speech', 'audio', 'video', 'image', 'images']);

/** `CacheWrite1hInputTokenCount_Global` → cache write 1h input token count global. */
function splitWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z0-9])/g, '$1-$2')
    .replace(/([0-9][a-z]?)([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[-_]/)
    .filter((word) => word.length > 0);
}

interface Stem {
  bucket: PriceBucket;
  start: number;
  end: number;
}

const ttl = /^(5m|1h)$/;

/** Finds the token direction: `input tokens`, `output token count`, `cache write [1h] [input] tokens [5m]`. */
function readStem(words: readonly string[], start: number): Stem | undefined {
  let index = start;
  const word = words[index];
  let kind: 'input' | 'output' | 'read' | 'write';
  let duration: string | undefined;
  if (word === 'cache') {
    const next = words[index + 1];
    if (next !== 'read' && next !== 'write') return undefined;
    kind = next;
    index += 2;
    if (ttl.test(words[index] ?? '')) duration = words[index++];
    if (words[index] === 'input') index += 1;
  } else if (word === 'input' || word === 'output') {
    kind = word;
    index += 1;
  } else {
    return undefined;
  }
  if (words[index] === 'tokens') index += 1;
  else if (words[index] === 'token' && words[index + 1] === 'count') index += 2;
  else return undefined;
  if (duration === undefined && (kind === 'write' || kind === 'read') && ttl.test(words[index] ?? '')) duration = words[index++];

  if (kind === 'input' || kind === 'output') return { bucket: kind, start, end: index };
  if (kind === 'read') return duration === undefined ? { bucket: 'cacheRead', start, end: index } : undefined;
  return { bucket: duration === '1h' ? 'cacheWrite1h' : 'cacheWrite5m', start, end: index };
}

const modeWords: Record<string, PriceMode> = { standard: 'on-demand', batch: 'batch', flex: 'flex', priority: 'priority' };
const noise = new Set(['million', 'units', 'text']);

function readTokens(grammar: UsageTypeGrammar, modelName: string | undefined, words: readonly string[], stemFirst: boolean): ParsedUsageType {
  const start = stemFirst ? 0 : words.findIndex((word) => word === 'input' || word === 'output' || word === 'cache');
  const stem = start < 0 ? undefined : readStem(words, start);
  if (stem === undefined) {
    const modality = words.find((word) => modalities.has(word));
    if (modality !== undefined) return { ok: false, reason: `${modality} tokens are not priced in the catalog (text tokens only)` };
    return { ok: false, reason: 'unrecognised token direction (expected input-tokens, output-tokens, cache-read-/cache-write-input-token-count)' };
  }
  let mode: PriceMode | undefined;
  let scope: PriceScope = 'regional';
  const qualifiers = [...words.slice(0, stem.start), ...words.slice(stem.end)];
  for (let index = 0; index < qualifiers.length; index += 1) {
    const word = qualifiers[index] as string;
    const next = qualifiers[index + 1];
    if (noise.has(word)) continue;
    if (word === 'cross' && next === 'region') {
      index += 1;
      continue;
    }
    if (word === 'global') {
      scope = 'global';
      continue;
    }
    if (word === 'geo') continue; // geographic profiles bill at the source Region's price
    const wordMode = modeWords[word];
    if (wordMode !== undefined) {
      if (mode !== undefined && mode !== wordMode) return { ok: false, reason: `two service tiers (${mode}, ${wordMode}) in one usage type` };
      mode = wordMode;
      continue;
    }
    if ((word === 'latency' && next === 'optimized') || word === 'latencyoptimized') return { ok: false, reason: 'latency-optimized inference is not a mode the catalog prices' };
    if (word === 'long' && (next === 'context' || next === 'ctx')) return { ok: false, reason: 'long-context prices (prompts above the model threshold) are not in the catalog format' };
    if (word === 'reserved') return { ok: false, reason: 'reserved capacity is not an on-demand token price' };
    if (modalities.has(word)) return { ok: false, reason: `${word} tokens are not priced in the catalog (text tokens only)` };
    return { ok: false, reason: `unrecognised qualifier "${word}"` };
  }
  return { ok: true, grammar, modelName, bucket: stem.bucket, mode: mode ?? 'on-demand', scope };
}
