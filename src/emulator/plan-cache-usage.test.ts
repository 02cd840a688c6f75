import { describe, expect, it } from 'vitest';
import type { CachingRules } from '../pricing/index.js';
import { createPrompt } from './create-prompt.js';
import { createPromptCache } from './create-prompt-cache.js';
import { planCacheUsage } from './plan-cache-usage.js';

const rules: CachingRules = { supported: true, minTokensPerCheckpoint: 10, maxCheckpoints: 4, ttls: ['5m', '1h'], fields: ['system', 'messages', 'tools'], maxCachedTokens: 100, source: 'test' };
const words = (count: number, tag: string) => Array.from({ length: count }, (_, index) => `${tag}${index}`).join(' ');

function promptWith(blocks: string[], checkpointsAfter: number[]) {
  const builder = createPrompt();
  blocks.forEach((text, index) => {
    builder.text('messages', text, '0:user');
    if (checkpointsAfter.includes(index)) builder.checkpoint('messages', undefined);
  });
  return builder.build();
}

describe('planCacheUsage', () => {
  it('splits input into exclusive buckets and refreshes the TTL of what it reads', () => {
    const cache = createPromptCache();
    const prompt = promptWith([words(20, 'a'), 'tail'], [0]);
    const prefix = prompt.blocks[0]?.tokens ?? 0;
    const plan = (now: number) => planCacheUsage({ prompt, rules, cache, scope: 'm', now, unsupportedCachePoints: 'reject' });
    expect(plan(0)).toEqual({ inputTokens: prompt.blocks[1]?.tokens, cacheReadInputTokens: 0, cacheWriteInputTokens: prefix, cacheWrites: [{ ttl: '5m', inputTokens: prefix }] });
    expect(plan(299_999)).toMatchObject({ cacheReadInputTokens: prefix, cacheWriteInputTokens: 0 });
    expect(plan(599_998)).toMatchObject({ cacheReadInputTokens: prefix });
    expect(plan(599_998 + 300_000)).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: prefix });
  });

  it('keeps caches apart per model scope and ignores checkpoints in batch mode', () => {
    const cache = createPromptCache();
    const prompt = promptWith([words(20, 'b'), 'tail'], [0]);
    planCacheUsage({ prompt, rules, cache, scope: 'one', now: 0, unsupportedCachePoints: 'reject' });
    expect(planCacheUsage({ prompt, rules, cache, scope: 'two', now: 0, unsupportedCachePoints: 'reject' }).cacheReadInputTokens).toBe(0);
    expect(planCacheUsage({ prompt, rules, cache, scope: 'one', now: 0, batch: true, unsupportedCachePoints: 'reject' })).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  it('does not cache a prefix above the model’s largest cacheable prefix (Nova: 20K)', () => {
    const prompt = promptWith([words(200, 'c'), 'tail'], [0]);
    expect(planCacheUsage({ prompt, rules, cache: createPromptCache(), scope: 'm', now: 0, unsupportedCachePoints: 'reject' })).toMatchObject({ cacheWriteInputTokens: 0 });
  });

  it('treats a checkpoint before any content as covering nothing', () => {
    const builder = createPrompt();
    builder.checkpoint('system', undefined);
    builder.text('messages', words(20, 'd'), '0:user');
    expect(planCacheUsage({ prompt: builder.build(), rules, cache: createPromptCache(), scope: 'm', now: 0, unsupportedCachePoints: 'reject' })).toMatchObject({ cacheWriteInputTokens: 0 });
  });
});
