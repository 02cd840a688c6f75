import { describe, expect, it } from 'vitest';
import { parseModelRequest } from '../model-request.js';
import { prepareAnthropicBody } from './prepare-anthropic-body.js';

describe('prepareAnthropicBody', () => {
  it('should put cache_control on the block before each cachePoint', () => {
    const request = parseModelRequest({
      modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
      system: [{ text: 'You are a contracts lawyer.' }, { cachePoint: { type: 'default' } }],
      messages: [
        {
          role: 'user',
          content: [{ text: '<contract>…</contract>' }, { cachePoint: { type: 'default', ttl: '1h' } }, { text: 'What is the term?' }],
        },
      ],
      tools: [
        { toolSpec: { name: 'lookup', description: 'Look up a clause', inputSchema: { json: { type: 'object', properties: { id: { type: 'string' } } } } } },
        { cachePoint: {} },
      ],
      toolChoice: 'auto',
      inferenceConfig: { maxTokens: 512, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
    });
    expect(prepareAnthropicBody(request)).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 512,
      system: [{ type: 'text', text: 'You are a contracts lawyer.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<contract>…</contract>', cache_control: { type: 'ephemeral', ttl: '1h' } },
            { type: 'text', text: 'What is the term?' },
          ],
        },
      ],
      tools: [
        {
          name: 'lookup',
          description: 'Look up a clause',
          input_schema: { type: 'object', properties: { id: { type: 'string' } } },
          cache_control: { type: 'ephemeral' },
        },
      ],
      tool_choice: { type: 'auto' },
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
  });

  it('should map images, tool use and tool results', () => {
    const request = parseModelRequest({
      modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
      messages: [
        { role: 'user', content: [{ image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3]) } } }, { text: 'Weather here?' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Oslo' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ json: { celsius: 4 } }], status: 'error' } }] },
      ],
      toolChoice: { tool: 'get_weather' },
      inferenceConfig: { maxTokens: 100 },
    });
    expect(prepareAnthropicBody(request)).toEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AQID' } },
            { type: 'text', text: 'Weather here?' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '{"celsius":4}' }], is_error: true }] },
      ],
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
  });

  it('should require maxTokens rather than invent one', () => {
    const request = parseModelRequest({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    expect(() => prepareAnthropicBody(request)).toThrow(/maxTokens/);
  });

  it('should reject a cachePoint with nothing before it', () => {
    const request = parseModelRequest({
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      system: [{ cachePoint: {} }, { text: 'x' }],
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
      inferenceConfig: { maxTokens: 10 },
    });
    expect(() => prepareAnthropicBody(request)).toThrow(/must follow the content it caches/);
  });
});
