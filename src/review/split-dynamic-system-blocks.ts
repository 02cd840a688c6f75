import type { PromptBlock, UsageRow } from '../core/index.js';
import type { StoredPromptText } from '../ledger/index.js';

export interface SplitSystemBlocks {
  /** The rows as they would be sent after the fix (unchanged rows are the same objects). */
  rows: UsageRow[];
  /** Text of the new static and changing blocks, by their hash, for the layout's token counts. */
  texts: Map<string, string>;
  /** Rows changed, and the slices they belong to. */
  changedRows: number;
  changedSlices: Set<string>;
  /** Characters that stay the same in every request and now come first, per slice. */
  staticChars: Map<string, number>;
}

/**
 * The fix the cache linter suggests for a system prompt whose text changes between requests
 * before text that does not (a timestamp on its first line): the changing part moves to its own
 * block after the static one, so a cache point can sit between them. Which part changes is read
 * from the ledger's stored chunks: within one slice's requests, a chunk found in fewer than half
 * of the prompt's variants changes; the rest is static. Only system blocks at the `flagged`
 * indexes (where the linter found a breaker) are split.
 */
export function splitDynamicSystemBlocks(rows: readonly UsageRow[], texts: ReadonlyMap<string, StoredPromptText>, sliceOf: (row: UsageRow) => string, flagged: ReadonlySet<number>): SplitSystemBlocks {
  // Variants of each (slice, system block index), and in how many of them each chunk appears.
  const variants = new Map<string, Set<string>>();
  for (const row of rows) {
    let index = 0;
    for (const block of row.promptBlocks) {
      if (block.kind !== 'system') continue;
      if (flagged.has(index) && texts.has(block.hash)) {
        const slot = `${sliceOf(row)}#${index}`;
        const set = variants.get(slot) ?? new Set<string>();
        set.add(block.hash);
        variants.set(slot, set);
      }
      index += 1;
    }
  }
  const dynamicChunks = new Map<string, Set<string>>();
  for (const [slot, hashes] of variants) {
    if (hashes.size < 2) continue;
    const seen = new Map<string, number>();
    for (const hash of hashes) for (const chunk of new Set(texts.get(hash)?.chunks.map((item) => item.hash))) seen.set(chunk, (seen.get(chunk) ?? 0) + 1);
    const changing = new Set([...seen].filter(([, times]) => times < hashes.size / 2).map(([chunk]) => chunk));
    if (changing.size > 0 && changing.size < seen.size) dynamicChunks.set(slot, changing);
  }

  const extra = new Map<string, string>();
  const changedSlices = new Set<string>();
  const staticChars = new Map<string, number>();
  let changedRows = 0;
  const fixed = rows.map((row) => {
    let index = 0;
    let changed = false;
    const blocks: PromptBlock[] = [];
    for (const block of row.promptBlocks) {
      if (block.kind !== 'system') {
        blocks.push(block);
        continue;
      }
      const slice = sliceOf(row);
      const changing = dynamicChunks.get(`${slice}#${index}`);
      const stored = texts.get(block.hash);
      index += 1;
      if (changing === undefined || stored === undefined) {
        blocks.push(block);
        continue;
      }
      const fixedChunks = stored.chunks.filter((chunk) => !changing.has(chunk.hash));
      const movedChunks = stored.chunks.filter((chunk) => changing.has(chunk.hash));
      const staticText = fixedChunks.map((chunk) => chunk.text).join('');
      const movedText = movedChunks.map((chunk) => chunk.text).join('');
      const staticHash = `static:${fixedChunks.map((chunk) => chunk.hash).join(',')}`;
      const movedHash = `moved:${movedChunks.map((chunk) => chunk.hash).join(',')}`;
      extra.set(staticHash, staticText);
      extra.set(movedHash, movedText);
      blocks.push({ kind: 'system', hash: staticHash, chars: staticText.length }, { kind: 'system', hash: movedHash, chars: movedText.length });
      staticChars.set(slice, staticText.length);
      changedSlices.add(slice);
      changed = true;
    }
    if (!changed) return row;
    changedRows += 1;
    return { ...row, promptBlocks: blocks };
  });
  return { rows: fixed, texts: extra, changedRows, changedSlices, staticChars };
}
