import { z } from 'zod';
import type { OutputBlock } from '../model-provider.js';
import type { ProviderResponse } from '../provider-response.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/**
 * An Anthropic Messages response body. Deliberately partial and lenient (`nullish`, unknown block
 * types pass through): only the fields we read, so Anthropic adding fields breaks nothing.
 */
export const anthropicResponseSchema = z.looseObject({
  model: z.string().nullish(),
  content: z
    .array(
      z.looseObject({
        type: z.string(),
        text: z.string().nullish(),
        id: z.string().nullish(),
        name: z.string().nullish(),
        input: z.unknown().optional(),
      }),
    )
    .nullish(),
  stop_reason: z.string().nullish(),
  usage: z
    .looseObject({
      input_tokens: z.number().nullish(),
      output_tokens: z.number().nullish(),
      cache_creation_input_tokens: z.number().nullish(),
      cache_read_input_tokens: z.number().nullish(),
      cache_creation: z.looseObject({ ephemeral_5m_input_tokens: z.number().nullish(), ephemeral_1h_input_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export type AnthropicResponse = z.infer<typeof anthropicResponseSchema>;

export function convertAnthropicResponse(body: AnthropicResponse, meta: { requestId: string | null; serviceTier: ProviderResponse['serviceTier'] }): ProviderResponse {
  const content: OutputBlock[] = [];
  for (const block of body.content ?? []) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text ?? '' });
    else if (block.type === 'tool_use') content.push({ type: 'tool-use', toolUseId: block.id ?? '', name: block.name ?? '', input: block.input ?? {} });
  }
  return {
    content,
    stopReason: mapBedrockStopReason(body.stop_reason),
    rawStopReason: body.stop_reason ?? null,
    usage: convertAnthropicUsage(body.usage),
    // InvokeModel bodies name the model only loosely (e.g. `claude-3-5-sonnet-20241022`); the
    // requested Bedrock id is the better key for pricing, so the body's model is not used here.
    servedModelId: null,
    serviceMs: null,
    serviceTier: meta.serviceTier,
    requestId: meta.requestId,
    raw: body,
  };
}
