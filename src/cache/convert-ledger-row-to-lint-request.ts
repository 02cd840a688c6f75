import type { UsageRow } from '../core/index.js';
import type { ModelRequest, ToolSpecBlock } from '../providers/index.js';
import type { CacheableRequest } from './place-cache-points.js';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Tool definitions as stored (Converse `toolSpec` blocks or Anthropic `{name, input_schema}`) back to toolSpec blocks. */
function readTools(text: string): ToolSpecBlock[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const tools: ToolSpecBlock[] = [];
  for (const item of value) {
    const spec = isRecord(item) && isRecord(item['toolSpec']) ? item['toolSpec'] : item;
    if (!isRecord(spec) || typeof spec['name'] !== 'string') return undefined;
    const schema = isRecord(spec['inputSchema']) && isRecord(spec['inputSchema']['json']) ? spec['inputSchema']['json'] : isRecord(spec['input_schema']) ? spec['input_schema'] : {};
    tools.push({ toolSpec: { name: spec['name'], ...(typeof spec['description'] === 'string' && { description: spec['description'] }), inputSchema: { json: schema } } });
  }
  return tools;
}

/**
 * A ledger row as a request for `lintCachePrefixes`: tools and system text as stored, messages as
 * placeholders named by their hash (the ledger keeps no message text), so equal messages compare
 * equal and the changing ones are still seen changing. Undefined when the row has no logged body
 * or its system text is not stored.
 */
export function convertLedgerRowToLintRequest(row: UsageRow, texts: ReadonlyMap<string, string>): CacheableRequest | undefined {
  if (row.promptBlocks.length === 0) return undefined;
  const system: { text: string }[] = [];
  let tools: ToolSpecBlock[] | undefined;
  const messages: ModelRequest['messages'] = [];
  for (const block of row.promptBlocks) {
    if (block.kind === 'system') {
      const text = texts.get(block.hash);
      if (text === undefined) return undefined;
      system.push({ text });
    } else if (block.kind === 'tools') {
      const text = texts.get(block.hash);
      tools = text === undefined ? undefined : readTools(text);
    } else {
      messages.push({ role: block.kind === 'assistant' ? 'assistant' : 'user', content: [{ text: `[message not stored in the ledger: ${block.hash}]` }] });
    }
  }
  if (messages.length === 0) messages.push({ role: 'user', content: [{ text: '' }] });
  return { ...(tools !== undefined && tools.length > 0 && { tools }), ...(system.length > 0 && { system }), messages };
}
