import type { UsageRow } from '../core/index.js';
import type { BatchItem } from './batch-item.js';

export type LedgerSkipReason = 'no-body' | 'not-single-turn' | 'system-text-missing' | 'user-text-truncated';

/**
 * Rebuilds a batch item from a ledger row: the system prompt from the ledger's stored text, the
 * user message from the row's request preview. The ledger stores the full text of tools and
 * system blocks only, and the first 160 characters of the last user message (whitespace
 * collapsed), so only single-turn requests without tools whose user message fits in the preview
 * can be rebuilt; the rest are skipped with the reason.
 */
export function convertLedgerRowToItem(row: UsageRow, texts: ReadonlyMap<string, string>): BatchItem | LedgerSkipReason {
  if (row.promptBlocks.length === 0) return 'no-body';
  const users = row.promptBlocks.filter((block) => block.kind === 'user' || block.kind === 'prompt');
  if (users.length !== 1 || row.promptBlocks.some((block) => block.kind === 'tools' || block.kind === 'assistant')) return 'not-single-turn';
  const system: string[] = [];
  for (const block of row.promptBlocks.filter((candidate) => candidate.kind === 'system')) {
    const text = texts.get(block.hash);
    if (text === undefined) return 'system-text-missing';
    system.push(text);
  }
  const preview = row.requestPreview;
  if (preview === null || preview.endsWith('…')) return 'user-text-truncated';
  return {
    id: row.requestId,
    request: {
      modelId: row.rawModelId,
      ...(system.length > 0 && { system: system.map((text) => ({ text })) }),
      messages: [{ role: 'user', content: [{ text: preview }] }],
      ...(row.maxTokens !== null && { inferenceConfig: { maxTokens: row.maxTokens } }),
    },
    source: `ledger:${row.source}:${row.requestId}`,
    task: row.task,
  };
}
