import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { InvalidArgumentError } from '../../core/index.js';
import type { ImageBlock, Message, ModelRequest } from '../model-request.js';

export type ChatCompletionBody = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options'>;

export interface PrepareChatCompletionOptions {
  /** OpenAI's reasoning models take `max_completion_tokens`; vLLM, Ollama and LM Studio take `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

function imageUrl(block: ImageBlock): string {
  const { bytes } = block.image.source;
  const base64 = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64');
  return `data:image/${block.image.format};base64,${base64}`;
}

function convertUser(message: Message): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  const parts: ChatCompletionContentPart[] = [];
  for (const block of message.content) {
    if ('text' in block) parts.push({ type: 'text', text: block.text });
    else if ('image' in block) parts.push({ type: 'image_url', image_url: { url: imageUrl(block) } });
    else if ('toolResult' in block) {
      // Tool results are their own messages here, and must come right after the assistant's call.
      const content = block.toolResult.content.map((item) => {
        if ('text' in item) return item.text;
        if ('json' in item) return JSON.stringify(item.json);
        throw new InvalidArgumentError('messages', 'OpenAI-compatible tool results cannot carry images; send the image in a user text/image block.');
      });
      out.push({ role: 'tool', tool_call_id: block.toolResult.toolUseId, content: content.join('\n') });
    } else if ('toolUse' in block) {
      throw new InvalidArgumentError('messages', 'A toolUse block belongs in an assistant message.');
    }
    // cachePoint: OpenAI-compatible servers cache prefixes on their own; there is nothing to send.
  }
  if (parts.length > 0) {
    const textOnly = parts.every((part) => part.type === 'text');
    // Plain strings where possible: some local servers accept only string content.
    out.push({ role: 'user', content: textOnly ? parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n') : parts });
  }
  return out;
}

function convertAssistant(message: Message): ChatCompletionMessageParam {
  const texts: string[] = [];
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = [];
  for (const block of message.content) {
    if ('text' in block) texts.push(block.text);
    else if ('toolUse' in block) {
      toolCalls.push({ id: block.toolUse.toolUseId, type: 'function', function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    } else if (!('cachePoint' in block)) {
      throw new InvalidArgumentError('messages', 'Assistant messages may hold text and toolUse blocks only.');
    }
  }
  return {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('\n') : null,
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
  };
}

/**
 * Our Converse-shaped request to a chat-completions body. Cache points are dropped (these servers
 * cache automatically), `requestMetadata` and `performanceConfig` have no equivalent and are not
 * sent, and `service_tier` is sent only when the request names a tier.
 */
export function prepareChatCompletion(request: ModelRequest, options: PrepareChatCompletionOptions = {}): ChatCompletionBody {
  const messages: ChatCompletionMessageParam[] = [];
  const systemText = (request.system ?? []).flatMap((block) => ('text' in block ? [block.text] : []));
  if (systemText.length > 0) messages.push({ role: 'system', content: systemText.join('\n') });
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...convertUser(message));
    else messages.push(convertAssistant(message));
  }
  const tools = (request.tools ?? []).flatMap((tool): ChatCompletionTool[] =>
    'toolSpec' in tool
      ? [{ type: 'function', function: { name: tool.toolSpec.name, ...(tool.toolSpec.description !== undefined && { description: tool.toolSpec.description }), parameters: tool.toolSpec.inputSchema.json } }]
      : [],
  );
  const choice = request.toolChoice;
  const config = request.inferenceConfig ?? {};
  return {
    model: request.modelId,
    messages,
    ...(tools.length > 0 && { tools }),
    ...(choice !== undefined && {
      tool_choice: choice === 'auto' ? 'auto' : choice === 'any' ? 'required' : { type: 'function', function: { name: choice.tool } },
    }),
    ...(config.maxTokens !== undefined && { [options.maxTokensField ?? 'max_tokens']: config.maxTokens }),
    ...(config.temperature !== undefined && { temperature: config.temperature }),
    ...(config.topP !== undefined && { top_p: config.topP }),
    ...(config.stopSequences !== undefined && { stop: config.stopSequences }),
    ...(request.serviceTier !== undefined && { service_tier: request.serviceTier }),
  };
}
