import { describe, expect, it } from 'vitest';
import { FrugalError, totalInputTokens } from '../core/index.js';
import { costAttributes, errorType, usageAttributes } from './build-span-attributes.js';

describe('GenAI usage attributes', () => {
  it('counts cache reads and both cache writes inside gen_ai.usage.input_tokens, as the convention says', () => {
    const usage = { inputTokens: 12, cacheReadTokens: 3000, cacheWrite5mTokens: 100, cacheWrite1hTokens: 50, outputTokens: 40, raw: undefined };
    expect(usageAttributes(usage)).toEqual({
      'gen_ai.usage.input_tokens': totalInputTokens({ inputTokens: 12, cacheReadTokens: 3000, cacheWrite5mTokens: 100, cacheWrite1hTokens: 50 }),
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 3000,
      'gen_ai.usage.cache_creation.input_tokens': 150,
      'frugal.cache.hit': true,
    });
    expect(usageAttributes(usage)['gen_ai.usage.input_tokens']).toBe(3162);
  });

  it('leaves out what the provider did not report instead of writing 0', () => {
    const attributes = usageAttributes({ inputTokens: 12, cacheReadTokens: null, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: null, raw: undefined });
    expect(attributes).toEqual({ 'gen_ai.usage.cache_creation.input_tokens': 0 });
    expect(costAttributes({ total: null } as never)).toEqual({});
  });

  it('names errors by frugal code', () => {
    expect(errorType(new FrugalError('THROTTLED', 'slow down'))).toBe('THROTTLED');
    expect(errorType(new TypeError('x'))).toBe('TypeError');
    expect(errorType('string')).toBe('_OTHER');
  });
});
