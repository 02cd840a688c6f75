import type { PromptChunk, PromptTextBlock } from '../core/index.js';

export interface PromptText {
  blocks: PromptTextBlock[];
  chunks: PromptChunk[];
}

export interface TextQueue {
  /** Queues blocks and chunks not queued before in this run (by hash). */
  add(text: PromptText): void;
  /** What was queued since the last drain. */
  drain(): PromptText;
}

/**
 * Prompt text from several hashers (the main thread's and each worker's) on its way to the
 * ledger, each block and chunk once: workers each see a shared system prompt for the first time.
 */
export function createTextQueue(): TextQueue {
  const seenBlocks = new Set<string>();
  const seenChunks = new Set<string>();
  let queued: PromptText = { blocks: [], chunks: [] };
  return {
    add(text) {
      for (const block of text.blocks) {
        if (seenBlocks.has(block.hash)) continue;
        seenBlocks.add(block.hash);
        queued.blocks.push(block);
      }
      for (const chunk of text.chunks) {
        if (seenChunks.has(chunk.hash)) continue;
        seenChunks.add(chunk.hash);
        queued.chunks.push(chunk);
      }
    },
    drain() {
      const drained = queued;
      queued = { blocks: [], chunks: [] };
      return drained;
    },
  };
}
