import { describe, expect, it } from 'vitest';
import { parseModelRequest } from '../model-request.js';
import { prepareConverseInput } from './prepare-converse-input.js';

describe('prepareConverseInput', () => {
  it('should copy the Converse-shaped request, filling in cachePoint types, tool config and tiers', () => {
    const request = parseModelRequest({
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      system: [{ text: 'Be brief.' }, { cachePoint: { ttl: '1h' } }],
      messages: [{ role: 'user', content: [{ image: { format: 'jpeg', source: { bytes: 'AQID' } } }, { text: 'What is this?' }, { cachePoint: {} }] }],
      tools: [{ toolSpec: { name: 'search', inputSchema: { json: { type: 'object' } } } }, { cachePoint: {} }],
      toolChoice: 'any',
      inferenceConfig: { maxTokens: 300 },
      requestMetadata: { team: 'search', task: 'caption' },
      serviceTier: 'flex',
      performanceConfig: { latency: 'optimized' },
    });
    expect(prepareConverseInput(request)).toEqual({
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [{ image: { format: 'jpeg', source: { bytes: new Uint8Array([1, 2, 3]) } } }, { text: 'What is this?' }, { cachePoint: { type: 'default' } }],
        },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'search', inputSchema: { json: { type: 'object' } } } }, { cachePoint: { type: 'default' } }], toolChoice: { any: {} } },
      inferenceConfig: { maxTokens: 300 },
      requestMetadata: { team: 'search', task: 'caption' },
      serviceTier: { type: 'flex' },
      performanceConfig: { latency: 'optimized' },
    });
  });

  it('should reject a misspelt field at the edge with every problem named', () => {
    expect(() => parseModelRequest({ modelId: 'x', messages: [{ role: 'user', content: [{ txt: 'hi' }] }], inferenceConfig: { max_tokens: 5 } })).toThrow(
      /messages\.0\.content\.0[\s\S]*inferenceConfig/,
    );
  });
});
