import { describe, expect, it } from 'vitest';
import { parseModelRequest } from '../model-request.js';
import { prepareChatCompletion } from './prepare-chat-completion.js';

describe('prepareChatCompletion', () => {
  it('should map system, text, images, tool calls and tool results; drop cache points', () => {
    const request = parseModelRequest({
      modelId: 'gpt-4o-mini',
      system: [{ text: 'Be brief.' }, { cachePoint: {} }],
      messages: [
        { role: 'user', content: [{ text: 'Weather in Oslo?' }, { cachePoint: {} }] },
        { role: 'assistant', content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Oslo' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ json: { celsius: 4 } }] } }, { image: { format: 'png', source: { bytes: 'AQID' } } }] },
      ],
      tools: [{ toolSpec: { name: 'get_weather', description: 'Weather now', inputSchema: { json: { type: 'object' } } } }],
      toolChoice: 'any',
      inferenceConfig: { maxTokens: 64, temperature: 0, topP: 1, stopSequences: ['\n\n'] },
      serviceTier: 'flex',
    });
    expect(prepareChatCompletion(request)).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":4}' },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } }] },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      max_tokens: 64,
      temperature: 0,
      top_p: 1,
      stop: ['\n\n'],
      service_tier: 'flex',
    });
  });

  it('should use max_completion_tokens when asked (OpenAI reasoning models)', () => {
    const request = parseModelRequest({ modelId: 'o3-mini', messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 10 } });
    expect(prepareChatCompletion(request, { maxTokensField: 'max_completion_tokens' })).toEqual({
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 10,
    });
  });
});
