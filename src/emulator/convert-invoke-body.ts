import { z } from 'zod';
import { type PromptBuilder, createPrompt } from './create-prompt.js';
import { validationError } from './emulator-api-error.js';
import type { ConvertedRequest } from './convert-converse-request.js';
import { cachePointSchema, cacheTtlSchema, looseBlockSchema, parseRequest, positiveInt } from './request-schemas.js';
import type { BodyFormat } from './simulated-model-schema.js';

/** Anthropic Messages on Bedrock: `cache_control` on a block closes a cached prefix after it. */
const cacheControlSchema = z.strictObject({ type: z.literal('ephemeral'), ttl: cacheTtlSchema.optional() });
const anthropicBlockSchema = z.looseObject({ type: z.string().min(1), text: z.string().optional(), cache_control: cacheControlSchema.optional() });
const anthropicBodySchema = z.looseObject({
  anthropic_version: z.literal('bedrock-2023-05-31', { error: 'anthropic_version must be "bedrock-2023-05-31"' }),
  max_tokens: positiveInt,
  system: z.union([z.string(), z.array(anthropicBlockSchema)]).optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(anthropicBlockSchema)]) })).min(1),
  tools: z.array(z.looseObject({ name: z.string().min(1), cache_control: cacheControlSchema.optional() })).optional(),
});

/** Amazon Nova's native body: Converse-like blocks, `cachePoint` as its own content item. */
const novaBodySchema = z.looseObject({
  system: z.array(looseBlockSchema).optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.array(looseBlockSchema) })).min(1),
  inferenceConfig: z.looseObject({ maxTokens: positiveInt.optional(), max_new_tokens: positiveInt.optional() }).optional(),
});

/** Llama and Mistral take one prompt string. */
const llamaBodySchema = z.looseObject({ prompt: z.string(), max_gen_len: positiveInt.optional() });
const mistralBodySchema = z.looseObject({ prompt: z.string(), max_tokens: positiveInt.optional() });

type AnthropicBlock = z.output<typeof anthropicBlockSchema>;

/** Adds an Anthropic block without its cache_control (the marker is not part of the cached content). */
function addAnthropicBlock(builder: PromptBuilder, section: 'system' | 'messages', block: AnthropicBlock, position: string): void {
  const { cache_control: cacheControl, ...content } = block;
  if (content.type === 'text' && typeof content.text === 'string' && Object.keys(content).length === 2) builder.text(section, content.text, position);
  else builder.other(section, content, position);
  if (cacheControl !== undefined) builder.checkpoint(section, cacheControl.ttl);
}

function convertAnthropicBody(body: unknown): ConvertedRequest {
  const request = parseRequest(anthropicBodySchema, body, 'Anthropic Messages body');
  const builder = createPrompt();
  request.tools?.forEach((tool, index) => {
    const { cache_control: cacheControl, ...spec } = tool;
    builder.other('tools', spec, `tool${index}`);
    if (cacheControl !== undefined) builder.checkpoint('tools', cacheControl.ttl);
  });
  if (typeof request.system === 'string') builder.text('system', request.system, 'system');
  else request.system?.forEach((block) => addAnthropicBlock(builder, 'system', block, 'system'));
  request.messages.forEach((message, index) => {
    const position = `${index}:${message.role}`;
    if (typeof message.content === 'string') builder.text('messages', message.content, position);
    else for (const block of message.content) addAnthropicBlock(builder, 'messages', block, position);
  });
  return { prompt: builder.build(), maxTokens: request.max_tokens, metadata: {} };
}

function addNovaBlock(builder: PromptBuilder, section: 'system' | 'messages', block: Record<string, unknown>, position: string, where: string): void {
  if ('cachePoint' in block) builder.checkpoint(section, parseRequest(cachePointSchema, block['cachePoint'], where).ttl);
  else if (typeof block['text'] === 'string' && Object.keys(block).length === 1) builder.text(section, block['text'], position);
  else builder.other(section, block, position);
}

function convertNovaBody(body: unknown): ConvertedRequest {
  const request = parseRequest(novaBodySchema, body, 'Amazon Nova body');
  const builder = createPrompt();
  request.system?.forEach((block, index) => addNovaBlock(builder, 'system', block, 'system', `system.${index}`));
  request.messages.forEach((message, messageIndex) => {
    message.content.forEach((block, index) => addNovaBlock(builder, 'messages', block, `${messageIndex}:${message.role}`, `messages.${messageIndex}.content.${index}`));
  });
  const maxTokens = request.inferenceConfig?.maxTokens ?? request.inferenceConfig?.max_new_tokens;
  return { prompt: builder.build(), ...(maxTokens !== undefined && { maxTokens }), metadata: {} };
}

function convertPromptBody(prompt: string, maxTokens: number | undefined): ConvertedRequest {
  const builder = createPrompt();
  builder.text('messages', prompt, '0:user');
  return { prompt: builder.build(), ...(maxTokens !== undefined && { maxTokens }), metadata: {} };
}

/** An InvokeModel body in the model's native format as the emulator's Prompt. */
export function convertInvokeBody(format: BodyFormat | undefined, body: unknown): ConvertedRequest {
  switch (format) {
    case 'anthropic':
      return convertAnthropicBody(body);
    case 'nova':
      return convertNovaBody(body);
    case 'llama': {
      const request = parseRequest(llamaBodySchema, body, 'Meta Llama body');
      return convertPromptBody(request.prompt, request.max_gen_len);
    }
    case 'mistral': {
      const request = parseRequest(mistralBodySchema, body, 'Mistral body');
      return convertPromptBody(request.prompt, request.max_tokens);
    }
    case undefined:
      throw validationError('This simulated model has no InvokeModel body format; set `format` (anthropic, nova, llama or mistral) in the models file, or use Converse.');
  }
}
