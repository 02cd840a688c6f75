import { z } from 'zod';
import { InvalidArgumentError } from '../core/index.js';
import { cacheTtls, formatSchemaIssues } from '../pricing/index.js';

/**
 * The request every provider takes: Bedrock Converse's message model, because it is the richest
 * (cache points, service tiers) and the other wire formats are mapped from it. Schemas are strict
 * so a misspelt field is an error rather than silently dropped.
 */

export type CacheTtl = (typeof cacheTtls)[number];

/** Marks the end of a prefix to cache; it goes *after* the content it covers, as in Converse. */
export const cachePointBlockSchema = z.strictObject({
  cachePoint: z.strictObject({ type: z.literal('default').optional(), ttl: z.enum(cacheTtls).optional() }),
});

export const textBlockSchema = z.strictObject({ text: z.string() });

/** `bytes` is raw bytes or a base64 string (what JSON callers have). */
export const imageBlockSchema = z.strictObject({
  image: z.strictObject({
    format: z.enum(['png', 'jpeg', 'gif', 'webp']),
    source: z.strictObject({ bytes: z.union([z.instanceof(Uint8Array), z.string().min(1)]) }),
  }),
});

export const toolUseBlockSchema = z.strictObject({
  toolUse: z.strictObject({ toolUseId: z.string().min(1), name: z.string().min(1), input: z.unknown() }),
});

export const toolResultBlockSchema = z.strictObject({
  toolResult: z.strictObject({
    toolUseId: z.string().min(1),
    content: z.array(z.union([textBlockSchema, z.strictObject({ json: z.unknown() }), imageBlockSchema])),
    status: z.enum(['success', 'error']).optional(),
  }),
});

export const contentBlockSchema = z.union([textBlockSchema, imageBlockSchema, toolUseBlockSchema, toolResultBlockSchema, cachePointBlockSchema]);

export const messageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.array(contentBlockSchema).min(1),
});

export const toolSpecBlockSchema = z.strictObject({
  toolSpec: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    inputSchema: z.strictObject({ json: z.record(z.string(), z.unknown()) }),
  }),
});

export const serviceTiers = ['default', 'flex', 'priority'] as const;
export type ServiceTier = (typeof serviceTiers)[number];

export const modelRequestSchema = z.strictObject({
  /** Model id, inference-profile id or ARN, or a prompt-router ARN, as the provider expects it. */
  modelId: z.string().min(1),
  system: z.array(z.union([textBlockSchema, cachePointBlockSchema])).optional(),
  messages: z.array(messageSchema).min(1),
  tools: z.array(z.union([toolSpecBlockSchema, cachePointBlockSchema])).optional(),
  /** `any`: the model must call some tool; `{ tool }`: that tool. */
  toolChoice: z.union([z.enum(['auto', 'any']), z.strictObject({ tool: z.string().min(1) })]).optional(),
  inferenceConfig: z
    .strictObject({
      maxTokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  /** Free-form tags; Bedrock copies them into invocation logs (for cost attribution). */
  requestMetadata: z.record(z.string(), z.string()).optional(),
  serviceTier: z.enum(serviceTiers).optional(),
  performanceConfig: z.strictObject({ latency: z.enum(['standard', 'optimized']) }).optional(),
});

export type ModelRequest = z.infer<typeof modelRequestSchema>;
export type ContentBlock = z.infer<typeof contentBlockSchema>;
export type Message = z.infer<typeof messageSchema>;
export type TextBlock = z.infer<typeof textBlockSchema>;
export type ImageBlock = z.infer<typeof imageBlockSchema>;
export type CachePointBlock = z.infer<typeof cachePointBlockSchema>;
export type ToolSpecBlock = z.infer<typeof toolSpecBlockSchema>;

/** Validates a request at the edge so a bad one fails here, with every problem named, not at AWS. */
export function parseModelRequest(input: unknown): ModelRequest {
  const result = modelRequestSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidArgumentError('request', `Invalid model request:\n  - ${formatSchemaIssues(result.error).join('\n  - ')}`);
  }
  return result.data;
}
