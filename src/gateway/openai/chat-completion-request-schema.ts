import { z } from 'zod';

/**
 * The OpenAI chat-completions request, as far as the gateway maps it to a Converse request.
 * Fields that change the answer and cannot be honoured (`n` > 1, structured `response_format`,
 * audio) are refused by name; fields with no effect on cost or content here (`user`, `seed`,
 * penalties, `logprobs`, ...) are accepted and not sent on — the schema is loose for them so
 * existing clients keep working.
 */
const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent }),
  z.looseObject({ role: z.literal('developer'), content: textContent }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(z.union([textPart, imagePart])).min(1)]) }),
  z.looseObject({
    role: z.literal('assistant'),
    content: textContent.nullish(),
    tool_calls: z.array(toolCall).nullish(),
    refusal: z.string().nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textContent }),
]);
export type ChatMessage = z.output<typeof chatMessageSchema>;

export const chatToolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

export const chatCompletionRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(chatMessageSchema).min(1),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
    tools: z.array(chatToolSchema).nullish(),
    tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string().min(1) }) })]).nullish(),
    n: z.literal(1, 'only n = 1 is supported (one choice per request)').nullish(),
    response_format: z.looseObject({ type: z.literal('text', 'only response_format {"type": "text"} is supported; ask for JSON in the prompt') }).nullish(),
    /** Becomes Bedrock requestMetadata (cost attribution); `task` / `frugal_task` set the task. */
    metadata: z.record(z.string(), z.string()).nullish(),
    service_tier: z.enum(['auto', 'default', 'flex', 'priority']).nullish(),
    modalities: z.array(z.literal('text', 'only text output is supported')).nullish(),
    audio: z.null('audio output is not supported').optional(),
  });
export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;
