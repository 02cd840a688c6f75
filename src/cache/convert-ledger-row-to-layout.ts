import type { UsageRow } from '../core/index.js';
import { type CountTokens, estimateTokens } from './estimate-tokens.js';
import type { PromptLayout, PromptSegment } from './read-prompt-layout.js';

/**
 * A ledger row's prompt blocks as a layout for the cache planner. The ledger keeps a hash and the
 * size of every block (the text only of tools and system blocks), which is all exact-prefix
 * matching needs: equal hashes, equal blocks. Tokens come from the stored text where there is
 * one, else from the size (characters / 4). A user or assistant block is a whole message here,
 * so anchors inside a message resolve to the message. Undefined when no body was logged.
 */
export function convertLedgerRowToLayout(row: UsageRow, texts: ReadonlyMap<string, string>, count: CountTokens = estimateTokens): PromptLayout | undefined {
  if (row.promptBlocks.length === 0) return undefined;
  const segments: PromptSegment[] = [];
  let tools = 0;
  let system = 0;
  let message = -1;
  let existingCachePoints = 0;
  for (const block of row.promptBlocks) {
    const text = texts.get(block.hash);
    const tokens = text === undefined ? Math.ceil(block.chars / 4) : count(text);
    let segment: PromptSegment;
    if (block.kind === 'tools') {
      segment = { section: 'tools', block: tools, key: JSON.stringify(['tools', tools, 'h', block.hash]), tokens, text: text ?? '' };
      tools += 1;
    } else if (block.kind === 'system') {
      segment = { section: 'system', block: system, key: JSON.stringify(['system', '', 'h', block.hash]), tokens, text: text ?? '' };
      system += 1;
    } else {
      message += 1;
      const role = block.kind === 'assistant' ? 'assistant' : 'user';
      segment = { section: 'messages', block: 0, message, role, key: JSON.stringify(['messages', `${message}:${role}`, 'h', block.hash]), tokens, text: text ?? '' };
    }
    if (block.cachePoint === true) {
      segment.cachePointAfter = '5m';
      existingCachePoints += 1;
    }
    segments.push(segment);
  }
  return { segments, messageCount: message + 1, existingCachePoints };
}
