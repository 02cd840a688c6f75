import { hash } from 'node:crypto';
import type { PromptBlockKind, PromptChunk, PromptTextBlock } from '../../core/index.js';
import { splitPromptText } from './split-prompt-text.js';
import { type TextMemo, createTextMemo } from './create-text-memo.js';

/** 64 bits of SHA-256: collisions are negligible at ledger sizes, and rows stay small. */
export function hashText(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 16);
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
 * Hashes prompt blocks and collects the text of shared ones. A tools or system block is hashed
 * through its paragraphs (the hash of its chunk hashes): paragraphs repeat across requests even
 * when one line changes (a timestamp, say), so each distinct paragraph is hashed once and a new
 * prompt costs only its new paragraphs. Messages are hashed whole; they rarely repeat outside a
 * conversation's history, which is short.
 */
export function createPromptHasher(): PromptHasher {
  const storedBlocks = new Set<string>();
  const storedChunks = new Set<string>();
  const chunkMemo = createTextMemo<string>(memoLimit);
  // Most requests repeat a prompt seen before: one lookup of the whole text skips the paragraphs.
  const blockMemo = createTextMemo<string>(memoLimit / 4);
  // A conversation resends its history every turn, and a system prompt's hash is combined the
  // same way on every request: a lookup costs less than SHA-256 (about 1 µs a call, 3 a record).
  const messageMemo = createTextMemo<string>(memoLimit);
  const combineMemo = createTextMemo<string>(memoLimit / 4);
  let blocks: PromptTextBlock[] = [];
  let chunks: PromptChunk[] = [];

  const memoHash = (memo: TextMemo<string>, text: string): string => {
    let found = memo.get(text);
    if (found === undefined) {
      found = hashText(text);
      memo.set(text, found);
    }
    return found;
  };
  const chunkHash = (piece: string): string => memoHash(chunkMemo, piece);

  return {
    hashBlock(kind, text) {
      if (!storedKinds.has(kind)) return memoHash(messageMemo, text);
      const known = blockMemo.get(text);
      if (known !== undefined) return known;
      const pieces = splitPromptText(text);
      const chunkHashes = pieces.map(chunkHash);
      const blockHash = hashText(chunkHashes.join(''));
      if (!storedBlocks.has(blockHash)) {
        storedBlocks.add(blockHash);
        for (const [index, piece] of pieces.entries()) {
          const pieceHash = chunkHashes[index] as string;
          if (storedChunks.has(pieceHash)) continue;
          storedChunks.add(pieceHash);
          // PostgreSQL text cannot hold NUL; the hash above is of the original text.
          chunks.push({ hash: pieceHash, chars: piece.length, text: piece.replaceAll('\u0000', '\uFFFD') });
        }
        blocks.push({ hash: blockHash, kind, chars: text.length, chunks: chunkHashes });
      }
      blockMemo.set(text, blockHash);
      return blockHash;
    },
    combine: (hashes) => memoHash(combineMemo, hashes.join(',')),
    drainText() {
      const drained = { blocks, chunks };
      blocks = [];
      chunks = [];
      return drained;
    },
  };
}
