import { hash, randomBytes } from 'node:crypto';
import { verifyApiKey } from './hash-api-key.js';

export interface KeyIndex<K extends { id: string; hash: string }> {
  /** The key record a presented key belongs to, or undefined. */
  lookup(presented: string): Promise<K | undefined>;
}

/** Distinct bad keys remembered, so a client retrying a wrong key costs one HMAC, not a scan. */
const maxRejected = 10_000;

/**
 * Finds the configured key a request presents. Stored hashes are salted per key, so the first
 * sight of a key scans them; after that the key is found by a fingerprint — SHA-256 of a random
 * per-process secret and the key, held only in memory — so neither the key nor anything that could
 * verify it outside this process is kept. Built per config: a reload drops both caches, so a
 * removed key stops working at once.
 */
export function createKeyIndex<K extends { id: string; hash: string }>(keys: readonly K[]): KeyIndex<K> {
  const pepper = randomBytes(32).toString('base64url');
  const known = new Map<string, K>();
  const rejected = new Set<string>();
  // One-shot SHA-256 over secret ‖ key: an HMAC's guarantees are not needed for an in-memory index, and this is several times cheaper.
  const fingerprint = (presented: string): string => hash('sha256', `${pepper}${presented}`, 'base64url');

  return {
    async lookup(presented) {
      if (presented.length === 0 || presented.length > 512) return undefined;
      const print = fingerprint(presented);
      const hit = known.get(print);
      if (hit !== undefined) return hit;
      if (rejected.has(print)) return undefined;
      for (const key of keys) {
        if (await verifyApiKey(presented, key.hash)) {
          known.set(print, key);
          return key;
        }
      }
      if (rejected.size >= maxRejected) rejected.clear();
      rejected.add(print);
      return undefined;
    },
  };
}
