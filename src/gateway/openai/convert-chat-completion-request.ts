import type { ContentBlock, Message, ModelRequest } from '../../providers/index.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { ChatCompletionRequest, ChatMessage } from './chat-completion-request-schema.js';

const imageFormats = new Set(['png', 'jpeg', 'gif', 'webp']);

function textOf(content: string | readonly { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('\n');
}

/**
 * An image as a Converse block. Only inline `data:` URLs are taken: the gateway never fetches a
 * URL a request names, which would let a caller make it reach any address (SSRF).
 */
function convertImage(url: string, index: number): ContentBlock {
  const match = /^data:image\/([a-z]+);base64,(.+)$/is.exec(url);
  const format = match?.[1]?.toLowerCase().replace('jpg', 'jpeg');
  if (match === null || format === undefined || !imageFormats.has(format)) {
    throw new GatewayHttpError('invalid_request', `messages: image ${index} must be a base64 data: URL (png, jpeg, gif or webp); the gateway does not fetch remote URLs.`, { param: 'messages' });
  }
  return { image: { format: format as 'png', source: { bytes: match[2] as string } } };
}

function parseArguments(text: string, name: string): unknown {
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new GatewayHttpError('invalid_request', `messages: the arguments of tool call "${name}" are not valid JSON.`, { param: 'messages' });
  }
}

function convertMessage(message: ChatMessage, images: { count: number }): { role: 'user' | 'assistant'; content: ContentBlock[] } | { system: string } {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { system: textOf(message.content) };
    case 'user': {
      if (typeof message.content === 'string') return { role: 'user', content: [{ text: message.content }] };
      return { role: 'user', content: message.content.map((part) => (part.type === 'text' ? { text: part.text } : convertImage(part.image_url.url, (images.count += 1)))) };
    }
    case 'assistant': {
      const content: ContentBlock[] = [];
      const text = message.content === null || message.content === undefined ? '' : textOf(message.content);
      if (text !== '') content.push({ text });
      for (const call of message.tool_calls ?? []) content.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseArguments(call.function.arguments, call.function.name) } });
      // Converse refuses blank text blocks; an assistant turn that said nothing is left out.
      return { role: 'assistant', content };
    }
    case 'tool':
      return { role: 'user', content: [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }] } }] };
  }
}

/**
 * A chat-completions body as a Converse-shaped request. System and developer messages become
 * the system prompt; tool results become `toolResult` blocks of a user turn; consecutive turns of
 * one role are merged (Converse requires user and assistant to alternate); `max_tokens` /
 * `max_completion_tokens` become `maxTokens`; `metadata` becomes `requestMetadata`.
 */
export function convertChatCompletionRequest(body: ChatCompletionRequest): ModelRequest {
  const system: string[] = [];
  const messages: Message[] = [];
  const images = { count: 0 };
  for (const message of body.messages) {
    const converted = convertMessage(message, images);
    if ('system' in converted) {
      system.push(converted.system);
      continue;
    }
    if (converted.content.length === 0) continue;
    const last = messages[messages.length - 1];
    if (last !== undefined && last.role === converted.role) last.content.push(...converted.content);
    else messages.push({ role: converted.role, content: converted.content });
  }
  if (messages.length === 0) throw new GatewayHttpError('invalid_request', 'messages: at least one user message is needed.', { param: 'messages' });

  const toolsOff = body.tool_choice === 'none';
  const tools = toolsOff ? [] : (body.tools ?? []).map((tool) => ({
    toolSpec: {
      name: tool.function.name,
      ...(tool.function.description !== undefined && { description: tool.function.description }),
      inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
    },
  }));
  const choice = body.tool_choice;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const inferenceConfig = {
    ...(maxTokens !== undefined && { maxTokens }),
    ...(body.temperature !== null && body.temperature !== undefined && { temperature: body.temperature }),
    ...(body.top_p !== null && body.top_p !== undefined && { topP: body.top_p }),
    ...(body.stop !== null && body.stop !== undefined && { stopSequences: typeof body.stop === 'string' ? [body.stop] : body.stop }),
  };
  const tier = body.service_tier;
  return {
    modelId: body.model,
    messages,
    ...(system.length > 0 && { system: [{ text: system.join('\n') }] }),
    ...(tools.length > 0 && { tools }),
    ...(tools.length > 0 && choice !== undefined && choice !== null && choice !== 'none' && {
      toolChoice: choice === 'auto' ? 'auto' : choice === 'required' ? 'any' : { tool: choice.function.name },
    }),
    ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }),
    ...(body.metadata !== null && body.metadata !== undefined && Object.keys(body.metadata).length > 0 && { requestMetadata: body.metadata }),
    ...((tier === 'flex' || tier === 'priority' || tier === 'default') && { serviceTier: tier }),
  };
}
