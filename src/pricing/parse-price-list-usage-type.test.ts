import { describe, expect, it } from 'vitest';
import { parsePriceListUsageType } from './parse-price-list-usage-type.js';

describe('parsePriceListUsageType', () => {
  it.each([
    ['USE1-Claude3Haiku-input-tokens', 'classic', 'Claude3Haiku', 'input', 'on-demand', 'regional'],
    ['USE1-Claude3.5Sonnet-output-tokens', 'classic', 'Claude3.5Sonnet', 'output', 'on-demand', 'regional'],
    ['USE1-NovaPro-input-tokens-batch', 'classic', 'NovaPro', 'input', 'batch', 'regional'],
    ['USE1-Llama3-1-405B-output-tokens-batch', 'classic', 'Llama3-1-405B', 'output', 'batch', 'regional'],
    ['APN1-NovaPro-cache-read-input-token-count', 'classic', 'NovaPro', 'cacheRead', 'on-demand', 'regional'],
    ['USE1-Claude4.6Sonnet-cache-write-input-token-count', 'classic', 'Claude4.6Sonnet', 'cacheWrite5m', 'on-demand', 'regional'],
    ['USE1-Claude4.5Haiku-cache-write-1h-input-token-count', 'classic', 'Claude4.5Haiku', 'cacheWrite1h', 'on-demand', 'regional'],
    ['USE1-Claude4Sonnet-input-tokens-cross-region-global-batch', 'classic', 'Claude4Sonnet', 'input', 'batch', 'global'],
    ['USW2-Claude4.6Opus-cache-read-input-token-count-cross-region-global', 'classic', 'Claude4.6Opus', 'cacheRead', 'on-demand', 'global'],
    ['USE1-Nova2.0Lite-input-tokens-flex', 'classic', 'Nova2.0Lite', 'input', 'flex', 'regional'],
    ['USE1-gpt-oss-120b-output-tokens-priority', 'classic', 'gpt-oss-120b', 'output', 'priority', 'regional'],
    ['EUC1-Mistral-Large-3-675b-Instruct-input-tokens', 'classic', 'Mistral-Large-3-675b-Instruct', 'input', 'on-demand', 'regional'],
    ['USE1-openai.gpt-oss-120b-mantle-input-tokens-standard', 'mantle', 'openai.gpt-oss-120b', 'input', 'on-demand', 'regional'],
    ['USE1-anthropic.claude-haiku-4-5-mantle-cache-write-tokens-1h-standard', 'mantle', 'anthropic.claude-haiku-4-5', 'cacheWrite1h', 'on-demand', 'regional'],
    ['USE1-anthropic.claude-opus-5-5-mantle-output-tokens-global-standard', 'mantle', 'anthropic.claude-opus-5-5', 'output', 'on-demand', 'global'],
    ['USE1-MP:USE1_InputTokenCount-Units', 'marketplace', undefined, 'input', 'on-demand', 'regional'],
    ['USE1-MP:USE1_CacheReadInputTokenCount-Units', 'marketplace', undefined, 'cacheRead', 'on-demand', 'regional'],
    ['USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units', 'marketplace', undefined, 'cacheWrite1h', 'on-demand', 'global'],
    ['USE1-MP:USE1_InputTokenCount_Batch-Units', 'marketplace', undefined, 'input', 'batch', 'regional'],
    ['USE1-MP:USE1_MillionBatchOutputTokens-Units', 'marketplace', undefined, 'output', 'batch', 'regional'],
    ['USE1-MP:USE1_input_tokens_global_standard-Units', 'marketplace', undefined, 'input', 'on-demand', 'global'],
  ])('%s', (usageType, grammar, modelName, bucket, mode, scope) => {
    expect(parsePriceListUsageType(usageType)).toEqual({ ok: true, grammar, modelName, bucket, mode, scope });
  });

  it.each([
    ['USE1-NovaPro-input-tokens-latency-optimized', /latency-optimized/],
    ['USE1-Llama3-1-70B-LatencyOptimized-input-tokens', /latency-optimized/],
    ['USE1-Claude4Sonnet-output-tokens-long-context-cross-region-global', /long-context/],
    ['USE1-openai.gpt-5-mantle-cache-write-tokens-5m-long-ctx-flex', /long-context/],
    ['USE1-NovaSonic-speech-input-tokens', /speech tokens/],
    ['USE1-Nova2.0Omni-input-audio-token-count', /audio tokens/],
    ['USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', /token direction/],
    ['USE1-NovaCanvas-T2I-1024-Standard', /no token direction/],
    ['USE1-NovaPro-customization-training', /customization/],
    ['USE1-input-tokens', /no model name/],
    ['USE1-NovaPro-input-tokens-turbo', /unrecognised qualifier "turbo"/],
    ['USE1-NovaPro-input-tokens-batch-flex', /two service tiers/],
  ])('%s is refused with a reason', (usageType, reason) => {
    const parsed = parsePriceListUsageType(usageType);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
