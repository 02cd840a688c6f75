import { z } from 'zod';
import { InvalidArgumentError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import { type ModelRequest, modelRequestSchema } from '../providers/index.js';

/** Which wire format a logged or written body was in. */
export type RequestBodyFormat = 'converse' | 'anthropic' | 'nova' | 'prompt';

export interface ConvertedRequestBody {
  request: ModelRequest;
  format: RequestBodyFormat;
  /** Top-level fields that do not affect the prompt and were left out (guardrails, extra model fields). */
  dropped: string[];
}

/** Converse fields that do not change the prompt prefix; accepted and left out rather than refused. */
const ignorableFields = ['additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'guardrailConfig', 'promptVariables', 'schemaVersion', 'modelId'];

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const anthropicBlockSchema = z.looseObject({ type: z.string(), cache_control: cacheControlSchema.optional() });
const anthropicBodySchema = z.looseObject({
  anthropic_version: z.string(),
  max_tokens: z.number().int().positive().optional(),
  system: z.union([z.string(), z.array(anthropicBlockSchema)]).optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(anthropicBlockSchema)]) })).min(1),
  tools: z.array(z.looseObject({ name: z.string().min(1), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()).optional(), cache_control: cacheControlSchema.optional() })).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  stop_sequences: z.array(z.string()).optional(),
});
const promptBodySchema = z.looseObject({ prompt: z.string(), max_gen_len: z.number().int().positive().optional(), max_tokens: z.number().int().positive().optional(), temperature: z.number().optional(), top_p: z.number().optional() });

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidArgumentError('body', `Not a valid ${what}: ${formatSchemaIssues(result.error).join('; ')}`);
  return result.data;
}

function validate(candidate: Json, format: RequestBodyFormat, dropped: string[]): ConvertedRequestBody {
  const result = modelRequestSchema.safeParse(candidate);
  if (!result.success) throw new InvalidArgumentError('body', `Not a valid ${format} request body: ${formatSchemaIssues(result.error).join('; ')}`);
  return { request: result.data, format, dropped };
}

const cachePoint = (control: z.output<typeof cacheControlSchema> | undefined): Json[] =>
  control === undefined ? [] : [{ cachePoint: { type: 'default', ...(control.ttl !== undefined && { ttl: control.ttl }) } }];

/** One Anthropic content block as Converse blocks (the cache_control marker becomes a cachePoint after it). */
function convertAnthropicBlock(block: z.output<typeof anthropicBlockSchema>): Json[] {
  const { cache_control: control, ...content } = block;
  let converted: Json;
  if (content.type === 'text' && typeof content['text'] === 'string') converted = { text: content['text'] };
  else if (content.type === 'image' && isRecord(content['source'])) {
    const source = content['source'];
    converted = { image: { format: String(source['media_type'] ?? 'image/png').replace('image/', ''), source: { bytes: source['data'] } } };
  } else if (content.type === 'tool_use') converted = { toolUse: { toolUseId: content['id'], name: content['name'], input: content['input'] ?? {} } };
  else if (content.type === 'tool_result') {
    const inner = typeof content['content'] === 'string' ? [{ text: content['content'] }] : Array.isArray(content['content']) ? content['content'].map((item: unknown) => (isRecord(item) && typeof item['text'] === 'string' ? { text: item['text'] } : { json: item })) : [];
    converted = { toolResult: { toolUseId: content['tool_use_id'], content: inner, ...(content['is_error'] === true && { status: 'error' }) } };
  } else throw new InvalidArgumentError('body', `Anthropic content blocks of type "${content.type}" are not supported here (text, image, tool_use, tool_result are).`);
  return [converted, ...cachePoint(control)];
}

function convertAnthropicBody(body: unknown): ConvertedRequestBody {
  const parsed = parse(anthropicBodySchema, body, 'Anthropic Messages body');
  const system = typeof parsed.system === 'string' ? [{ text: parsed.system }] : parsed.system?.flatMap(convertAnthropicBlock);
  const messages = parsed.messages.map((message) => ({
    role: message.role,
    content: typeof message.content === 'string' ? [{ text: message.content }] : message.content.flatMap(convertAnthropicBlock),
  }));
  const tools = parsed.tools?.flatMap((tool) => [
    { toolSpec: { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), inputSchema: { json: tool.input_schema ?? {} } } },
    ...cachePoint(tool.cache_control),
  ]);
  const inferenceConfig = {
    ...(parsed.max_tokens !== undefined && { maxTokens: parsed.max_tokens }),
    ...(parsed.temperature !== undefined && { temperature: parsed.temperature }),
    ...(parsed.top_p !== undefined && { topP: parsed.top_p }),
    ...(parsed.stop_sequences !== undefined && { stopSequences: parsed.stop_sequences }),
  };
  return validate(
    { modelId: 'unknown', ...(system !== undefined && { system }), messages, ...(tools !== undefined && { tools }), ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }) },
    'anthropic',
    [],
  );
}

function convertPromptBody(body: unknown): ConvertedRequestBody {
  const parsed = parse(promptBodySchema, body, 'prompt body (Llama, Mistral)');
  const maxTokens = parsed.max_gen_len ?? parsed.max_tokens;
  const inferenceConfig = { ...(maxTokens !== undefined && { maxTokens }), ...(parsed.temperature !== undefined && { temperature: parsed.temperature }), ...(parsed.top_p !== undefined && { topP: parsed.top_p }) };
  return validate({ modelId: 'unknown', messages: [{ role: 'user', content: [{ text: parsed.prompt }] }], ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }) }, 'prompt', []);
}

function convertToolChoice(choice: unknown): unknown {
  if (!isRecord(choice)) return choice;
  if ('auto' in choice) return 'auto';
  if ('any' in choice) return 'any';
  if (isRecord(choice['tool']) && typeof choice['tool']['name'] === 'string') return { tool: choice['tool']['name'] };
  return choice;
}

/** Converse wire bodies (toolConfig, serviceTier object) and Nova InvokeModel bodies (max_new_tokens) as our request model. */
function convertConverseBody(body: Json): ConvertedRequestBody {
  const dropped = ignorableFields.filter((field) => field in body && field !== 'modelId');
  const { toolConfig, serviceTier, toolChoice, inferenceConfig, ...rest } = body;
  for (const field of ignorableFields) delete rest[field];
  const nova = isRecord(inferenceConfig) && ('max_new_tokens' in inferenceConfig || 'top_p' in inferenceConfig || 'top_k' in inferenceConfig);
  let config = inferenceConfig;
  if (nova && isRecord(inferenceConfig)) {
    const { max_new_tokens: maxNewTokens, top_p: topP, top_k: _topK, ...others } = inferenceConfig;
    config = { ...others, ...(maxNewTokens !== undefined && { maxTokens: maxNewTokens }), ...(topP !== undefined && { topP }) };
  }
  const tools = isRecord(toolConfig) ? toolConfig['tools'] : undefined;
  const choice = isRecord(toolConfig) ? toolConfig['toolChoice'] : toolChoice;
  const candidate: Json = {
    modelId: 'unknown',
    ...rest,
    ...(tools !== undefined && { tools }),
    ...(choice !== undefined && { toolChoice: convertToolChoice(choice) }),
    ...(config !== undefined && { inferenceConfig: config }),
    ...(serviceTier !== undefined && { serviceTier: isRecord(serviceTier) ? serviceTier['type'] : serviceTier }),
  };
  return validate(candidate, nova || 'schemaVersion' in body ? 'nova' : 'converse', dropped);
}

/**
 * Any request body a user or a log holds, as frugal's Converse-shaped request (validated by the
 * providers' `modelRequestSchema`): a Converse body (also with `toolConfig`), our own request
 * shape, an Anthropic Messages body (`anthropic_version`; `cache_control` becomes a cachePoint),
 * a Nova InvokeModel body, or a single-prompt body (Llama, Mistral). `modelId` is set to the one
 * given, since bodies rarely carry it.
 */
export function convertRequestBody(body: unknown, modelId: string): ConvertedRequestBody {
  if (!isRecord(body)) throw new InvalidArgumentError('body', 'A request body must be a JSON object.');
  const converted = 'anthropic_version' in body ? convertAnthropicBody(body) : typeof body['prompt'] === 'string' && !('messages' in body) ? convertPromptBody(body) : convertConverseBody(body);
  return { ...converted, request: { ...converted.request, modelId } };
}
