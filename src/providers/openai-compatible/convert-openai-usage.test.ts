import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage.js';

describe('convertOpenAIUsage', () => {
  it('should take cached tokens out of the inclusive prompt_tokens', () => {
    // 2,006 prompt tokens = 1,920 cached + 86 uncached.
    const usage = { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 } };
    expect(convertOpenAIUsage(usage)).toEqual({
      inputTokens: 86,
      cacheReadTokens: 1920,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 300,
      raw: usage,
    });
  });

  it('should keep cache reads unknown when the server does not report them (Ollama)', () => {
    const usage = { prompt_tokens: 26, completion_tokens: 12, total_tokens: 38 };
    expect(convertOpenAIUsage(usage)).toEqual({
      inputTokens: 26,
      cacheReadTokens: null,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 12,
      raw: usage,
    });
  });

  it('should report missing usage as unknown', () => {
    expect(convertOpenAIUsage(undefined)).toEqual({
      inputTokens: null,
      cacheReadTokens: null,
      cacheWrite5mTokens: null,
      cacheWrite1hTokens: null,
      outputTokens: null,
      raw: undefined,
    });
  });
});
