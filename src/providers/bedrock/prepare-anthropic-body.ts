import { InvalidArgumentError } from '../../core/index.js';
import type { CacheTtl, ContentBlock, ImageBlock, ModelRequest } from '../model-request.js';

export const anthropicBedrockVersion = 'bedrock-2023-05-31';

type CacheControl = { type: 'ephemeral'; ttl?: CacheTtl };
type AnthropicBlock = Record<string, unknown> & { cache_control?: CacheControl };

function toBase64(bytes: Uint8Array | string): string {
  return typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64');
}

function convertImage(block: ImageBlock): AnthropicBlock {
  return { type: 'image', source: { type: 'base64', media_type: `image/${block.image.format}`, data: toBase64(block.image.source.bytes) } };
}

/**
 * Converse marks a cache prefix with a separate `cachePoint` block *after* it; Anthropic's body marks
 * the last block of the prefix itself with `cache_control`. So each cache point is folded into the
 * block before it, within the same list (system, messages or tools).
 */
function attachCachePoint(previous: AnthropicBlock | undefined, ttl: CacheTtl | undefined, where: string): void {
  if (previous === undefined) {
    throw new InvalidArgumentError('request', `A cachePoint in ${where} must follow the content it caches; there is nothing before it.`);
  }
  previous.cache_control = { type: 'ephemeral', ...(ttl !== undefined && { ttl }) };
}

function convertContentBlock(block: Exclude<ContentBlock, { cachePoint: unknown }>): AnthropicBlock {
  if ('text' in block) return { type: 'text', text: block.text };
  if ('image' in block) return convertImage(block);
  if ('toolUse' in block) return { type: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input ?? {} };
  return {
    type: 'tool_result',
    tool_use_id: block.toolResult.toolUseId,
    content: block.toolResult.content.map((item) =>
      'text' in item ? { type: 'text', text: item.text } : 'json' in item ? { type: 'text', text: JSON.stringify(item.json) } : convertImage(item),
    ),
    ...(block.toolResult.status === 'error' && { is_error: true }),
  };
}

/**
 * Our request to an Anthropic Messages body for InvokeModel (`anthropic_version: bedrock-2023-05-31`).
 * `maxTokens` is required here because Anthropic requires `max_tokens`; defaulting it would silently
 * change what a call may cost. `requestMetadata` has no place in InvokeModel and is not sent.
 */
export function prepareAnthropicBody(request: ModelRequest): Record<string, unknown> {
  const maxTokens = request.inferenceConfig?.maxTokens;
  if (maxTokens === undefined) {
    throw new InvalidArgumentError('inferenceConfig.maxTokens', 'InvokeModel with an Anthropic body needs inferenceConfig.maxTokens (Anthropic requires max_tokens).');
  }
  const system: AnthropicBlock[] = [];
  for (const block of request.system ?? []) {
    if ('cachePoint' in block) attachCachePoint(system.at(-1), block.cachePoint.ttl, 'system');
    else system.push({ type: 'text', text: block.text });
  }
  let previous: AnthropicBlock | undefined;
  const messages = request.messages.map((message) => {
    const content: AnthropicBlock[] = [];
    for (const block of message.content) {
      if ('cachePoint' in block) attachCachePoint(previous, block.cachePoint.ttl, 'messages');
      else {
        previous = convertContentBlock(block);
        content.push(previous);
      }
    }
    return { role: message.role, content };
  });
  const tools: AnthropicBlock[] = [];
  for (const tool of request.tools ?? []) {
    if ('cachePoint' in tool) attachCachePoint(tools.at(-1), tool.cachePoint.ttl, 'tools');
    else {
      const { name, description, inputSchema } = tool.toolSpec;
      tools.push({ name, ...(description !== undefined && { description }), input_schema: inputSchema.json });
    }
  }
  const choice = request.toolChoice;
  const { temperature, topP, stopSequences } = request.inferenceConfig ?? {};
  return {
    anthropic_version: anthropicBedrockVersion,
    max_tokens: maxTokens,
    ...(system.length > 0 && { system }),
    messages,
    ...(tools.length > 0 && { tools }),
    ...(choice !== undefined && { tool_choice: typeof choice === 'string' ? { type: choice } : { type: 'tool', name: choice.tool } }),
    ...(temperature !== undefined && { temperature }),
    ...(topP !== undefined && { top_p: topP }),
    ...(stopSequences !== undefined && { stop_sequences: stopSequences }),
  };
}
