/** One cached prefix: alive until `expiresAt`, pushed back by `ttlMs` on every hit. */
export interface PromptCacheEntry {
  expiresAt: number;
  ttlMs: number;
}

/** The emulator's prompt cache: prefix hashes per model, with lazy expiry against the injected clock. */
export interface PromptCache {
  /** The live entry for `key` at `now`, or undefined (an expired entry is dropped). */
  get(key: string, now: number): PromptCacheEntry | undefined;
  set(key: string, ttlMs: number, now: number): void;
  readonly size: number;
}

export function createPromptCache(): PromptCache {
  const entries = new Map<string, PromptCacheEntry>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, ttlMs, now) {
      const existing = entries.get(key);
      // A prefix written again with a shorter TTL keeps the longer one it already has.
      const keptTtl = existing !== undefined && existing.expiresAt > now ? Math.max(existing.ttlMs, ttlMs) : ttlMs;
      entries.set(key, { ttlMs: keptTtl, expiresAt: now + keptTtl });
    },
    get size() {
      return entries.size;
    },
  };
}
