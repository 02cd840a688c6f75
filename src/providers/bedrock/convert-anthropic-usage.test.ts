import { describe, expect, it } from 'vitest';
import anthropic1h from '../__fixtures__/invoke-model-anthropic-1h.json' with { type: 'json' };
import anthropic from '../__fixtures__/invoke-model-anthropic.json' with { type: 'json' };
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('should map InvokeModel snake_case usage; input_tokens is the uncached remainder', () => {
    // 2,009 input in all = 21 uncached + 1,800 read + 188 written.
    expect(convertAnthropicUsage(anthropic.usage)).toEqual({
      inputTokens: 21,
      cacheReadTokens: 1800,
      cacheWrite5mTokens: 188,
      cacheWrite1hTokens: 0,
      outputTokens: 393,
      raw: anthropic.usage,
    });
  });

  it('should split writes by TTL when cache_creation itemises them', () => {
    expect(convertAnthropicUsage(anthropic1h.usage)).toEqual({
      inputTokens: 9,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 1000,
      cacheWrite1hTokens: 4000,
      outputTokens: 57,
      raw: anthropic1h.usage,
    });
  });

  it('should treat absent cache fields as no caching (older models omit them)', () => {
    const usage = { input_tokens: 10, output_tokens: 20 };
    expect(convertAnthropicUsage(usage)).toEqual({
      inputTokens: 10,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 20,
      raw: usage,
    });
  });

  it('should report missing usage as unknown', () => {
    expect(convertAnthropicUsage(null)).toEqual({
      inputTokens: null,
      cacheReadTokens: null,
      cacheWrite5mTokens: null,
      cacheWrite1hTokens: null,
      outputTokens: null,
      raw: null,
    });
  });
});
