import { InvalidArgumentError } from '../core/index.js';
import type { ModelEntry } from '../pricing/index.js';
import { type ContentBlock, type ModelRequest, prepareAnthropicBody, prepareConverseInput } from '../providers/index.js';
import { stripCachePoints } from '../cache/index.js';
import type { BatchBodyFormat, BatchInvocationType } from './batch-plan-schema.js';

type Json = Record<string, unknown>;

/** The InvokeModel body family of a Bedrock model, from the catalog entry; undefined when frugal cannot build its body. */
export function invokeBodyFormatOf(entry: ModelEntry): Exclude<BatchBodyFormat, 'converse'> | undefined {
  if (entry.provider !== 'bedrock') return undefined;
  if (entry.publisher === 'anthropic') return 'anthropic';
  if (entry.publisher === 'amazon' && entry.id.includes('nova')) return 'nova';
  if (entry.publisher === 'meta') return 'llama';
  if (entry.publisher === 'mistral') return 'mistral';
  return undefined;
}

function textOnly(request: ModelRequest, format: string): { system: string; turns: { role: 'user' | 'assistant'; text: string }[] } {
  const text = (blocks: readonly ContentBlock[]): string =>
    blocks
      .map((block) => {
        if ('cachePoint' in block) return '';
        if ('text' in block) return block.text;
        throw new InvalidArgumentError('request', `${format} bodies take text only; this record has a ${Object.keys(block)[0] ?? 'non-text'} block. Use --api converse for it.`);
      })
      .join('');
  if ((request.tools?.length ?? 0) > 0) throw new InvalidArgumentError('request', `${format} bodies have no tool definitions; use --api converse for records with tools.`);
  return {
    system: (request.system ?? []).map((block) => ('text' in block ? block.text : '')).join('\n'),
    turns: request.messages.map((message) => ({ role: message.role, text: text(message.content) })),
  };
}

/** Meta Llama 3 / 3.1 chat template. */
function llamaBody(request: ModelRequest): Json {
  const { system, turns } = textOnly(request, 'Llama');
  const header = (role: string, text: string): string => `<|start_header_id|>${role}<|end_header_id|>\n\n${text}<|eot_id|>`;
  const prompt = `<|begin_of_text|>${system === '' ? '' : header('system', system)}${turns.map((turn) => header(turn.role, turn.text)).join('')}<|start_header_id|>assistant<|end_header_id|>\n\n`;
  const config = request.inferenceConfig;
  return { prompt, ...(config?.maxTokens !== undefined && { max_gen_len: config.maxTokens }), ...(config?.temperature !== undefined && { temperature: config.temperature }), ...(config?.topP !== undefined && { top_p: config.topP }) };
}

/** Mistral instruct template: the system prompt goes in front of the first user turn. */
function mistralBody(request: ModelRequest): Json {
  const { system, turns } = textOnly(request, 'Mistral');
  let prompt = '<s>';
  let first = true;
  for (const turn of turns) {
    if (turn.role === 'user') {
      prompt += `[INST] ${first && system !== '' ? `${system}\n\n` : ''}${turn.text} [/INST]`;
      first = false;
    } else prompt += ` ${turn.text}</s>`;
  }
  const config = request.inferenceConfig;
  return {
    prompt,
    ...(config?.maxTokens !== undefined && { max_tokens: config.maxTokens }),
    ...(config?.temperature !== undefined && { temperature: config.temperature }),
    ...(config?.topP !== undefined && { top_p: config.topP }),
    ...(config?.stopSequences !== undefined && { stop: config.stopSequences }),
  };
}

/** Converse input as JSON: bytes become base64, as Bedrock's JSON wire format carries them. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Uint8Array ? Buffer.from(inner).toString('base64') : inner))) as Json;
}

/** Amazon Nova's native body: Converse-like content, `max_new_tokens` / `top_p` in inferenceConfig. */
function novaBody(request: ModelRequest): Json {
  const { system, messages, toolConfig } = toJson(prepareConverseInput(request));
  const config = request.inferenceConfig;
  const inferenceConfig = {
    ...(config?.maxTokens !== undefined && { max_new_tokens: config.maxTokens }),
    ...(config?.temperature !== undefined && { temperature: config.temperature }),
    ...(config?.topP !== undefined && { top_p: config.topP }),
    ...(config?.stopSequences !== undefined && { stopSequences: config.stopSequences }),
  };
  return { schemaVersion: 'messages-v1', ...(system !== undefined && { system }), messages, ...(toolConfig !== undefined && { toolConfig }), ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }) };
}

/**
 * A batch record's `modelInput`: the model family's InvokeModel body (Anthropic Messages, Nova,
 * Llama or Mistral prompt), or a Converse body for jobs with modelInvocationType Converse.
 * Cache points are removed: batch inference does not support prompt caching.
 */
export function buildModelInput(request: ModelRequest, format: BatchBodyFormat): Json {
  const plain = stripCachePoints(request);
  switch (format) {
    case 'anthropic':
      return prepareAnthropicBody(plain);
    case 'nova':
      return novaBody(plain);
    case 'llama':
      return llamaBody(plain);
    case 'mistral':
      return mistralBody(plain);
    case 'converse': {
      // requestMetadata is a runtime-API field; batch records carry only the request.
      const { modelId: _modelId, requestMetadata: _metadata, ...body } = toJson(prepareConverseInput(plain));
      return body;
    }
  }
}

export const invocationTypeOf = (format: BatchBodyFormat): BatchInvocationType => (format === 'converse' ? 'Converse' : 'InvokeModel');
