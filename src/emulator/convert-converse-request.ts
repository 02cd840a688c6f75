import { z } from 'zod';
import { type Prompt, type PromptSection, createPrompt } from './create-prompt.js';
import { validationError } from './emulator-api-error.js';
import { cachePointSchema, looseBlockSchema, parseRequest, positiveInt } from './request-schemas.js';

const blockKinds = [
  'text', 'image', 'document', 'video', 'audio', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult',
] as const;
const systemKinds = ['text', 'guardContent', 'cachePoint'] as const;
const toolKinds = ['toolSpec', 'systemTool', 'cachePoint'] as const;

const messageSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.array(looseBlockSchema) });

/** The parts of a Converse / ConverseStream body the emulator reads; other fields are accepted as is. */
export const converseRequestSchema = z.looseObject({
  messages: z.array(messageSchema).min(1),
  system: z.array(looseBlockSchema).optional(),
  inferenceConfig: z
    .looseObject({ maxTokens: positiveInt.optional(), temperature: z.number().min(0).max(1).optional(), topP: z.number().min(0).max(1).optional(), stopSequences: z.array(z.string()).optional() })
    .optional(),
  toolConfig: z.looseObject({ tools: z.array(looseBlockSchema).min(1), toolChoice: z.unknown().optional() }).optional(),
  requestMetadata: z.record(z.string().min(1).max(256), z.string().max(256)).optional(),
  serviceTier: z.looseObject({ type: z.string() }).optional(),
  performanceConfig: z.looseObject({ latency: z.enum(['standard', 'optimized']) }).optional(),
});
export type ConverseRequest = z.output<typeof converseRequestSchema>;

export interface ConvertedRequest {
  prompt: Prompt;
  maxTokens?: number;
  metadata: Record<string, string>;
  /** Request fields a Converse response echoes (serviceTier, performanceConfig). */
  echo?: Record<string, unknown>;
}

/** The one key a union-shaped block carries, checked against the kinds allowed where it sits. */
function blockKind(block: Record<string, unknown>, allowed: readonly string[], where: string): string {
  const keys = Object.keys(block);
  const kind = keys[0];
  if (keys.length !== 1 || kind === undefined || !allowed.includes(kind)) {
    throw validationError(`Malformed input request: ${where} must hold exactly one of ${allowed.join(', ')}; got {${keys.join(', ')}}.`);
  }
  return kind;
}

function addBlock(builder: ReturnType<typeof createPrompt>, section: PromptSection, block: Record<string, unknown>, kind: string, position: string, where: string): void {
  if (kind === 'cachePoint') {
    builder.checkpoint(section, parseRequest(cachePointSchema, block['cachePoint'], where).ttl);
  } else if (kind === 'text') {
    builder.text(section, parseRequest(z.string(), block['text'], where), position);
  } else {
    builder.other(section, block, position);
  }
}

/** A Converse body (or CountTokens' converse input) as the emulator's Prompt: tools, then system, then messages. */
export function convertConverseRequest(body: unknown): ConvertedRequest {
  const request = parseRequest(converseRequestSchema, body, 'Converse');
  if (request.messages[0]?.role !== 'user') throw validationError('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const builder = createPrompt();
  request.toolConfig?.tools.forEach((tool, index) => {
    const where = `toolConfig.tools.${index}`;
    addBlock(builder, 'tools', tool, blockKind(tool, toolKinds, where), `tool${index}`, where);
  });
  request.system?.forEach((block, index) => {
    const where = `system.${index}`;
    addBlock(builder, 'system', block, blockKind(block, systemKinds, where), 'system', where);
  });
  request.messages.forEach((message, messageIndex) => {
    message.content.forEach((block, index) => {
      const where = `messages.${messageIndex}.content.${index}`;
      addBlock(builder, 'messages', block, blockKind(block, blockKinds, where), `${messageIndex}:${message.role}`, where);
    });
  });
  const maxTokens = request.inferenceConfig?.maxTokens;
  const echo = { ...(request.serviceTier !== undefined && { serviceTier: request.serviceTier }), ...(request.performanceConfig !== undefined && { performanceConfig: request.performanceConfig }) };
  return { prompt: builder.build(), ...(maxTokens !== undefined && { maxTokens }), metadata: request.requestMetadata ?? {}, echo };
}
