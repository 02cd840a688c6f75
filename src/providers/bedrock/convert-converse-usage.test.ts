import { describe, expect, it } from 'vitest';
import cacheDetails1h from '../__fixtures__/converse-cache-details-1h.json' with { type: 'json' };
import cacheReadAndWrite from '../__fixtures__/converse-cache-read-and-write.json' with { type: 'json' };
import cacheReadOnly from '../__fixtures__/converse-cache-read-only.json' with { type: 'json' };
import cacheWriteOnly from '../__fixtures__/converse-cache-write-only.json' with { type: 'json' };
import noCache from '../__fixtures__/converse-no-cache.json' with { type: 'json' };
import { convertConverseUsage } from './convert-converse-usage.js';

describe('convertConverseUsage', () => {
  it('should map a call that used no cache (cache fields absent)', () => {
    expect(convertConverseUsage(noCache.usage)).toEqual({
      inputTokens: 30,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 628,
      raw: noCache.usage,
    });
  });

  it('should map a cache read only; inputTokens stays the uncached remainder', () => {
    // 95,742 total = 2 uncached + 95,500 read + 240 output.
    expect(convertConverseUsage(cacheReadOnly.usage)).toEqual({
      inputTokens: 2,
      cacheReadTokens: 95_500,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 240,
      raw: cacheReadOnly.usage,
    });
  });

  it('should map a cache write only into the 5-minute bucket', () => {
    // 1,322 total = 14 uncached + 1,152 written + 156 output.
    expect(convertConverseUsage(cacheWriteOnly.usage)).toEqual({
      inputTokens: 14,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 1152,
      cacheWrite1hTokens: 0,
      outputTokens: 156,
      raw: cacheWriteOnly.usage,
    });
  });

  it('should map a cache read and a cache write together', () => {
    // 3,187 total = 25 + 2,048 read + 1,024 written + 90 output.
    expect(convertConverseUsage(cacheReadAndWrite.usage)).toEqual({
      inputTokens: 25,
      cacheReadTokens: 2048,
      cacheWrite5mTokens: 1024,
      cacheWrite1hTokens: 0,
      outputTokens: 90,
      raw: cacheReadAndWrite.usage,
    });
  });

  it('should split writes by TTL from cacheDetails', () => {
    // 6,144 written = 4,096 at 1 h + 2,048 at 5 min.
    expect(convertConverseUsage(cacheDetails1h.usage)).toEqual({
      inputTokens: 12,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 2048,
      cacheWrite1hTokens: 4096,
      outputTokens: 40,
      raw: cacheDetails1h.usage,
    });
  });

  it('should count writes that cacheDetails does not itemise as 5-minute writes', () => {
    const usage = { inputTokens: 5, outputTokens: 6, totalTokens: 1511, cacheWriteInputTokens: 1500, cacheDetails: [{ ttl: '1h', inputTokens: 1000 }] };
    expect(convertConverseUsage(usage)).toEqual({
      inputTokens: 5,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 500,
      cacheWrite1hTokens: 1000,
      outputTokens: 6,
      raw: usage,
    });
  });

  it('should report missing usage as unknown, never as zero', () => {
    expect(convertConverseUsage(undefined)).toEqual({
      inputTokens: null,
      cacheReadTokens: null,
      cacheWrite5mTokens: null,
      cacheWrite1hTokens: null,
      outputTokens: null,
      raw: undefined,
    });
  });

  it('should report a missing or malformed count as unknown', () => {
    const usage = { inputTokens: undefined, outputTokens: -3, totalTokens: 10, cacheWriteInputTokens: 1.5 };
    expect(convertConverseUsage(usage)).toEqual({
      inputTokens: null,
      cacheReadTokens: 0,
      cacheWrite5mTokens: null,
      cacheWrite1hTokens: null,
      outputTokens: null,
      raw: usage,
    });
  });
});
