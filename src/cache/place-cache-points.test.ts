import { describe, expect, it } from 'vitest';
import { textOfTokens } from '../../test/helpers/generate-cache-traffic.js';
import { InvalidArgumentError } from '../core/index.js';
import { type CachingRules, createPricingCatalog } from '../pricing/index.js';
import { type ModelRequest, parseModelRequest, prepareAnthropicBody } from '../providers/index.js';
import { describeCacheAnchor, resolveCacheAnchor } from './cache-anchor.js';
import { estimateTokens } from './estimate-tokens.js';
import { placeCachePoints, stripCachePoints } from './place-cache-points.js';
import { readPromptLayout } from './read-prompt-layout.js';

const catalog = createPricingCatalog();
const rules = (model: string): CachingRules => {
  const caching = catalog.model(model)?.entry.caching;
  if (caching === undefined) throw new Error(model);
  return caching;
};
const sonnet37 = rules('anthropic.claude-3-7-sonnet-20250219-v1:0');
const sonnet45 = rules('anthropic.claude-sonnet-4-5-20250929-v1:0');
const novaPro = rules('amazon.nova-pro-v1:0');
const haiku3 = rules('anthropic.claude-3-haiku-20240307-v1:0');

const longText = textOfTokens(1200, 'rule');
const tool = (name: string, tokens = 30) => ({ toolSpec: { name, description: textOfTokens(tokens, name), inputSchema: { json: { type: 'object' } } } });

function fewShot(): ModelRequest {
  return {
    modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    system: [{ text: longText }],
    messages: [
      { role: 'user', content: [{ text: `Example question: ${textOfTokens(300, 'ex')}` }] },
      { role: 'assistant', content: [{ text: 'Example answer' }] },
      { role: 'user', content: [{ text: 'The real question' }] },
    ],
  };
}

describe('placeCachePoints', () => {
  it('puts cache points after the system prompt and the few-shot block when each reaches the minimum', () => {
    const { request, placed, skipped } = placeCachePoints(fewShot(), { rules: sonnet37 });
    expect(request.system).toEqual([{ text: longText }, { cachePoint: { type: 'default' } }]);
    expect(request.messages[1]?.content).toEqual([{ text: 'Example answer' }, { cachePoint: { type: 'default' } }]);
    expect(request.messages[2]?.content).toEqual([{ text: 'The real question' }]);
    expect(placed.map((point) => [point.section, point.message, point.block])).toEqual([['system', undefined, 0], ['messages', 1, 0]]);
    expect(placed[0]?.prefixTokens).toBe(estimateTokens(longText));
    expect(skipped).toEqual([expect.objectContaining({ anchor: { section: 'tools' }, reason: 'absent' })]);
    // Still a valid request, and the Anthropic body carries cache_control on the same blocks.
    expect(parseModelRequest(request)).toEqual(request);
    const body = prepareAnthropicBody({ ...request, inferenceConfig: { maxTokens: 10 } }) as { system: { cache_control?: unknown }[] };
    expect(body.system[0]?.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('skips prefixes below the model minimum and says why', () => {
    const request: ModelRequest = { modelId: 'm', system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] };
    const placement = placeCachePoints(request, { rules: sonnet37 });
    expect(placement.request).toBe(request);
    expect(placement.skipped).toContainEqual(expect.objectContaining({ anchor: { section: 'system' }, reason: 'below-minimum', detail: expect.stringMatching(/below the minimum of 1024/) }));
  });

  it('caps at the model maximum, keeping the longest prefixes, and counts the caller\'s own cache points', () => {
    const request: ModelRequest = {
      modelId: 'm',
      tools: [tool('lookup', 1100)],
      system: [{ text: longText }, { text: longText }, { cachePoint: {} }, { text: longText }],
      messages: [{ role: 'user', content: [{ text: 'q' }] }],
    };
    const anchors = [{ section: 'tools' as const }, { section: 'system' as const, block: 0 }, { section: 'system' as const, block: 1 }, { section: 'system' as const, block: 2 }, { section: 'messages' as const, message: -1 }];
    const { request: placed, skipped } = placeCachePoints(request, { rules: sonnet37, anchors });
    const cachePoints = [...(placed.tools ?? []), ...(placed.system ?? []), ...placed.messages.flatMap((message) => message.content)].filter((block) => 'cachePoint' in block);
    expect(cachePoints).toHaveLength(4);
    expect(skipped.map((skip) => skip.reason).sort()).toEqual(['already-marked', 'too-many']);
    expect(skipped.find((skip) => skip.reason === 'too-many')?.anchor).toEqual({ section: 'tools' });
    // Replacing the caller's points instead frees the budget.
    const replaced = placeCachePoints(request, { rules: sonnet37, anchors, existing: 'replace' });
    expect(replaced.placed.map((point) => point.section)).toEqual(['system', 'system', 'system', 'messages']);
    expect(replaced.request.tools).toEqual([tool('lookup', 1100)]);
    expect(replaced.request.system).toEqual([{ text: longText }, { cachePoint: { type: 'default' } }, { text: longText }, { cachePoint: { type: 'default' } }, { text: longText }, { cachePoint: { type: 'default' } }]);
  });

  it('follows the model\'s fields, TTLs and support', () => {
    const request: ModelRequest = { modelId: 'm', tools: [tool('lookup', 1200)], system: [{ text: longText }], messages: [{ role: 'user', content: [{ text: 'q' }] }] };
    const nova = placeCachePoints(request, { rules: novaPro });
    expect(nova.skipped).toContainEqual(expect.objectContaining({ anchor: { section: 'tools' }, reason: 'field-not-cacheable' }));
    expect(nova.placed.map((point) => point.section)).toEqual(['system']);

    const hour = placeCachePoints(request, { rules: sonnet45, ttl: '1h' });
    expect(hour.request.tools?.[1]).toEqual({ cachePoint: { type: 'default', ttl: '1h' } });
    expect(() => placeCachePoints(request, { rules: sonnet37, ttl: '1h' })).toThrow(InvalidArgumentError);

    const none = placeCachePoints(request, { rules: haiku3 });
    expect(none.request).toBe(request);
    expect(none.skipped.every((skip) => skip.reason === 'unsupported-model')).toBe(true);
  });

  it('never puts a 5m cache point before the caller\'s 1h one', () => {
    const request: ModelRequest = { modelId: 'm', system: [{ text: longText }, { text: longText }, { cachePoint: { ttl: '1h' } }], messages: [{ role: 'user', content: [{ text: 'q' }] }] };
    const placement = placeCachePoints(request, { rules: sonnet45, anchors: [{ section: 'system', block: 0 }] });
    expect(placement.skipped).toEqual([expect.objectContaining({ reason: 'ttl-order' })]);
  });

  it('takes a custom token counter (an exact count from CountTokens, say)', () => {
    const request: ModelRequest = { modelId: 'm', system: [{ text: 'short but counted as long' }], messages: [{ role: 'user', content: [{ text: 'q' }] }] };
    expect(placeCachePoints(request, { rules: sonnet37, countTokens: () => 5000 }).placed).toHaveLength(1);
  });
});

describe('cache anchors', () => {
  it('resolve from the start or the end of each list', () => {
    const layout = readPromptLayout(fewShot());
    expect(resolveCacheAnchor({ section: 'system' }, layout)).toBe(0);
    expect(resolveCacheAnchor({ section: 'messages', message: -2 }, layout)).toBe(2);
    expect(resolveCacheAnchor({ section: 'messages', message: 0, block: 0 }, layout)).toBe(1);
    expect(resolveCacheAnchor({ section: 'messages', message: 5 }, layout)).toBeUndefined();
    expect(resolveCacheAnchor({ section: 'tools' }, layout)).toBeUndefined();
    expect(describeCacheAnchor({ section: 'messages', message: -2 })).toBe('end of message -2 (history before the last turn)');
    expect(describeCacheAnchor({ section: 'messages', message: -1 })).toBe('end of the last message (the conversation so far)');
  });

  it('stripCachePoints removes every cache point', () => {
    const { request } = placeCachePoints(fewShot(), { rules: sonnet37 });
    expect(stripCachePoints(request)).toEqual(fewShot());
  });
});
