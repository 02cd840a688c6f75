import type { ModelRequest, ModelResult } from '../providers/index.js';

/**
 * Prompt and answer in the GenAI conventions' message format (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`: JSON arrays of `{role, parts}`), used
 * only when the user opts in with `captureContent`. Image bytes are never copied, only their type.
 */
type Part = Record<string, unknown>;

function convertBlock(block: ModelRequest['messages'][number]['content'][number]): Part | undefined {
  if ('text' in block) return { type: 'text', content: block.text };
  if ('image' in block) return { type: 'blob', modality: 'image', mime_type: `image/${block.image.format}` };
  if ('toolUse' in block) return { type: 'tool_call', id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: block.toolUse.input };
  if ('toolResult' in block) {
    const response = block.toolResult.content.map((item) => ('text' in item ? item.text : 'json' in item ? item.json : { type: 'image' }));
    return { type: 'tool_call_response', id: block.toolResult.toolUseId, response };
  }
  return undefined;
}

export function formatInputMessages(request: ModelRequest): string {
  const messages = request.messages.map((message) => ({ role: message.role, parts: message.content.flatMap((block) => convertBlock(block) ?? []) }));
  return JSON.stringify(messages);
}

export function formatSystemInstructions(request: ModelRequest): string | undefined {
  const parts = (request.system ?? []).flatMap((block) => ('text' in block ? [{ type: 'text', content: block.text }] : []));
  return parts.length === 0 ? undefined : JSON.stringify(parts);
}

const finishReasons: Record<string, string> = { end: 'stop', length: 'length', 'stop-sequence': 'stop', 'tool-use': 'tool_call', 'content-filter': 'content_filter' };

export function formatOutputMessages(result: ModelResult): string {
  const parts = result.output.content.map((block) => (block.type === 'text' ? { type: 'text', content: block.text } : { type: 'tool_call', id: block.toolUseId, name: block.name, arguments: block.input }));
  return JSON.stringify([{ role: 'assistant', parts, finish_reason: finishReasons[result.output.stopReason] ?? result.output.stopReason }]);
}
