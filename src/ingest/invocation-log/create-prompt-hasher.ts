import { createHash } from 'node:crypto';
import type { PromptBlockKind, PromptChunk, PromptTextBlock } from '../../core/index.js';
import { splitPromptText } from './split-prompt-text.js';

/** 64 bits of SHA-256: collisions are negligible at ledger sizes, and rows stay small. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Block kinds whose text the ledger keeps: the shared prefixes a cache would hold. */
const storedKinds = new Set<PromptBlockKind>(['tools', 'system']);
const memoLimit = 20_000;

export interface PromptHasher {
  /** The block's content hash; tools and system text is also queued for the ledger, once per run. */
  hashBlock(kind: PromptBlockKind, text: string): string;
  /** One hash for a sequence of hashes (a whole system prompt). */
  combine(hashes: readonly string[]): string;
  /** Text blocks and chunks first seen since the last drain. */
  drainText(): { blocks: PromptTextBlock[]; chunks: PromptChunk[] };
}

/**
 * Hashes prompt blocks and collects the text of shared ones. The same long system prompt arrives
 * on most requests, so its hash is remembered by text (bounded) instead of recomputed.
 */
export function createPromptHasher(): PromptHasher {
  const memo = new Map<string, string>();
  const storedBlocks = new Set<string>();
  const storedChunks = new Set<string>();
  let blocks: PromptTextBlock[] = [];
  let chunks: PromptChunk[] = [];

  const store = (hash: string, kind: PromptBlockKind, text: string): void => {
    if (storedBlocks.has(hash)) return;
    storedBlocks.add(hash);
    const chunkHashes: string[] = [];
    for (const piece of splitPromptText(text)) {
      const chunkHash = hashText(piece);
      chunkHashes.push(chunkHash);
      if (storedChunks.has(chunkHash)) continue;
      storedChunks.add(chunkHash);
      // PostgreSQL text cannot hold NUL; the hash above is of the original text.
      chunks.push({ hash: chunkHash, chars: piece.length, text: piece.replaceAll('\u0000', '\uFFFD') });
    }
    blocks.push({ hash, kind, chars: text.length, chunks: chunkHashes });
  };

  return {
    hashBlock(kind, text) {
      if (!storedKinds.has(kind)) return hashText(`${kind}\n${text}`);
      const key = `${kind}\n${text}`;
      let hash = memo.get(key);
      if (hash === undefined) {
        hash = hashText(key);
        if (memo.size >= memoLimit) memo.clear();
        memo.set(key, hash);
      }
      store(hash, kind, text);
      return hash;
    },
    combine: (hashes) => hashText(hashes.join(',')),
    drainText() {
      const drained = { blocks, chunks };
      blocks = [];
      chunks = [];
      return drained;
    },
  };
}
