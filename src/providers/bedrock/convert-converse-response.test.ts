import { describe, expect, it } from 'vitest';
import promptRouter from '../__fixtures__/converse-prompt-router.json' with { type: 'json' };
import toolUse from '../__fixtures__/converse-tool-use.json' with { type: 'json' };
import { convertConverseResponse } from './convert-converse-response.js';

describe('convertConverseResponse', () => {
  it('should take the served model from a prompt router trace', () => {
    expect(convertConverseResponse(promptRouter)).toEqual({
      content: [{ type: 'text', text: '2 + 2 = 4.' }],
      stopReason: 'end',
      rawStopReason: 'end_turn',
      usage: { inputTokens: 17, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 9, raw: promptRouter.usage },
      servedModelId: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
      serviceMs: 412,
      serviceTier: null,
      requestId: '7f6c1f2e-0000-4000-8000-000000000006',
      raw: promptRouter,
    });
  });

  it('should map text and tool-use blocks, the tool_use stop and the served tier', () => {
    expect(convertConverseResponse(toolUse)).toEqual({
      content: [
        { type: 'text', text: 'Let me look that up.' },
        { type: 'tool-use', toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'top_song', input: { sign: 'WZPZ' } },
      ],
      stopReason: 'tool-use',
      rawStopReason: 'tool_use',
      usage: { inputTokens: 375, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 64, raw: toolUse.usage },
      servedModelId: null,
      serviceMs: 1021,
      serviceTier: 'flex',
      requestId: '7f6c1f2e-0000-4000-8000-000000000007',
      raw: toolUse,
    });
  });
});
