import { hash } from 'node:crypto';
import type { PromptBlockKind, PromptChunk, PromptTextBlock } from '../../core/index.js';
import { splitPromptText } from './split-prompt-text.js';

/** 64 bits of SHA-256: collisions are negligible at ledger sizes, and rows stay small. */
export function hashText(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 16);
}

/** Block kinds whose text the ledger keeps: the shared prefixes a cache would hold. */
const storedKinds = new Set<PromptBlockKind>(['tools', 'system']);
/** Kinds whose text repeats across requests; user turns are mostly one-off and would only churn the memo. */
const memoKinds = new Set<PromptBlockKind>(['tools', 'system', 'assistant']);
const memoLimit = 5_000;

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
 * on most requests and chat history repeats turn after turn, so hashes are remembered by text
 * (one bounded map per kind, so the key is the logged string itself, never a copy).
 */
export function createPromptHasher(): PromptHasher {
  const memos = new Map<PromptBlockKind, Map<string, string>>();
  const storedBlocks = new Set<string>();
  const storedChunks = new Set<string>();
  // Paragraphs repeat across prompts that differ elsewhere (a timestamp line, say).
  const chunkMemo = new Map<string, string>();
  let blocks: PromptTextBlock[] = [];
  let chunks: PromptChunk[] = [];

  const store = (hash: string, kind: PromptBlockKind, text: string): void => {
    if (storedBlocks.has(hash)) return;
    storedBlocks.add(hash);
    const chunkHashes: string[] = [];
    for (const piece of splitPromptText(text)) {
      let chunkHash = chunkMemo.get(piece);
      if (chunkHash === undefined) {
        chunkHash = hashText(piece);
        if (chunkMemo.size >= memoLimit) chunkMemo.clear();
        chunkMemo.set(piece, chunkHash);
      }
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
      // The text alone is hashed (no kind prefix to concatenate and copy): blocks are compared as (kind, hash).
      if (!memoKinds.has(kind)) return hashText(text);
      let memo = memos.get(kind);
      if (memo === undefined) {
        memo = new Map();
        memos.set(kind, memo);
      }
      let blockHash = memo.get(text);
      if (blockHash === undefined) {
        blockHash = hashText(text);
        if (memo.size >= memoLimit) memo.clear();
        memo.set(text, blockHash);
        // A block seen before was stored then; only new text needs storing.
        if (storedKinds.has(kind)) store(blockHash, kind, text);
      }
      return blockHash;
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
