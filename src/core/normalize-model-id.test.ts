import { describe, expect, it } from 'vitest';
import { createModelRegistry, inferenceProfileOf, type ModelInfo, normalizeModelId, parseModelId } from './index.js';

const models: ModelInfo[] = [
  { id: 'anthropic.claude-3-5-sonnet-20240620-v1:0', provider: 'bedrock', publisher: 'anthropic', name: 'Claude 3.5 Sonnet', family: 'claude-3.5-sonnet', tier: 2, aliases: [] },
  { id: 'anthropic.claude-3-5-sonnet-20241022-v2:0', provider: 'bedrock', publisher: 'anthropic', name: 'Claude 3.5 Sonnet v2', family: 'claude-3.5-sonnet', tier: 2, aliases: [] },
  { id: 'anthropic.claude-3-haiku-20240307-v1:0', provider: 'bedrock', publisher: 'anthropic', name: 'Claude 3 Haiku', family: 'claude-3-haiku', tier: 1, aliases: [] },
  { id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', provider: 'bedrock', publisher: 'anthropic', name: 'Claude Sonnet 4.5', family: 'claude-sonnet-4.5', tier: 2, aliases: [] },
  { id: 'amazon.nova-pro-v1:0', provider: 'bedrock', publisher: 'amazon', name: 'Nova Pro', family: 'nova-pro', tier: 2, aliases: [] },
  { id: 'claude-3-5-sonnet-20240620', provider: 'anthropic', publisher: 'anthropic', name: 'Claude 3.5 Sonnet', family: 'claude-3.5-sonnet', tier: 2, aliases: [] },
  { id: 'gpt-4o', provider: 'openai', publisher: 'openai', name: 'GPT-4o', family: 'gpt-4o', tier: 2, aliases: ['gpt-4o-2024-08-06'] },
];
const provisionedArn = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123xyz';
const registry = createModelRegistry(models, { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' });

function resolve(input: string) {
  const result = normalizeModelId(input, registry);
  if (!result.ok) throw result.error;
  return result.model;
}

describe('normalizeModelId', () => {
  it.each([
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'in-region', undefined],
    ['anthropic.claude-3-5-sonnet-20240620-v1', 'in-region', undefined],
    ['  Anthropic.Claude-3-5-Sonnet-20240620-V1:0 ', 'in-region', undefined],
    ['us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'geo', 'us'],
    ['eu.anthropic.claude-3-5-sonnet-20240620-v1:0', 'geo', 'eu'],
    ['apac.anthropic.claude-3-5-sonnet-20240620-v1:0', 'geo', 'apac'],
    ['jp.anthropic.claude-3-5-sonnet-20240620-v1:0', 'geo', 'jp'],
    ['global.anthropic.claude-3-5-sonnet-20240620-v1:0', 'global', 'global'],
    ['bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0', 'in-region', undefined],
    ['bedrock/converse/us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'geo', 'us'],
    ['bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0', 'in-region', undefined],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0:18k', 'in-region', undefined],
  ])('maps %s to the canonical id', (input, scope, profile) => {
    const model = resolve(input);
    expect(model.id).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(model.provider).toBe('bedrock');
    expect(model.family).toBe('claude-3.5-sonnet');
    expect(model.tier).toBe(2);
    expect(model.scope).toBe(scope);
    expect(model.profile).toBe(profile);
    expect(model.input).toBe(input);
  });

  it('reads Region and account from an inference-profile ARN', () => {
    const model = resolve('arn:aws:bedrock:eu-central-1:111122223333:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(model).toMatchObject({ id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', scope: 'geo', profile: 'eu', region: 'eu-central-1', accountId: '111122223333', arnResource: 'inference-profile', provisioned: false });
  });

  it('reads a foundation-model ARN and a LiteLLM Region prefix', () => {
    expect(resolve('arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0')).toMatchObject({ id: 'amazon.nova-pro-v1:0', region: 'us-west-2', scope: 'in-region' });
    expect(resolve('bedrock/eu-central-1/amazon.nova-pro-v1:0')).toMatchObject({ id: 'amazon.nova-pro-v1:0', region: 'eu-central-1' });
  });

  it('resolves a mapped provisioned-model ARN and marks it provisioned', () => {
    expect(resolve(provisionedArn)).toMatchObject({ id: 'anthropic.claude-3-haiku-20240307-v1:0', provisioned: true, region: 'us-east-1', tier: 1 });
  });

  it('explains that an unmapped provisioned-model ARN needs a mapping', () => {
    const result = normalizeModelId('arn:aws:bedrock:us-east-1:111122223333:provisioned-model/zzz', registry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('modelAliases');
  });

  it('keeps first-party and Bedrock ids apart', () => {
    expect(resolve('claude-3-5-sonnet-20240620')).toMatchObject({ provider: 'anthropic', id: 'claude-3-5-sonnet-20240620' });
    expect(resolve('anthropic/claude-3-5-sonnet-20240620')).toMatchObject({ provider: 'anthropic' });
    expect(resolve('openai/gpt-4o-2024-08-06')).toMatchObject({ provider: 'openai', id: 'gpt-4o' });
    expect(normalizeModelId('openai/claude-3-5-sonnet-20240620', registry).ok).toBe(false);
  });

  it('reports an unknown id with the three nearest known ids', () => {
    const result = normalizeModelId('us.anthropic.claude-3-5-sonet-20240620-v1:0', registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('UNKNOWN_MODEL');
    expect(result.error.suggestions).toHaveLength(3);
    expect(result.error.suggestions[0]).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(result.error.message).toContain('anthropic.claude-3-5-sonnet-20240620-v1:0');
  });
});

describe('parseModelId', () => {
  it('does not mistake a publisher for a profile prefix', () => {
    expect(parseModelId('amazon.nova-pro-v1:0')).toMatchObject({ baseId: 'amazon.nova-pro-v1:0', scope: 'in-region' });
    expect(parseModelId('us-gov.anthropic.claude-3-haiku-20240307-v1:0')).toMatchObject({ profile: 'us-gov', scope: 'geo' });
  });

  it('marks application inference profiles as opaque', () => {
    expect(parseModelId('arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3')).toMatchObject({ opaque: true, arnResource: 'application-inference-profile', region: 'us-east-1' });
  });
});

describe('inferenceProfileOf', () => {
  it('is the profile prefix, the ARN of a profile or deployment of its own, or null for a bare id', () => {
    const appProfile = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3';
    const aliased = createModelRegistry(models, { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0', [appProfile]: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
    const profileOf = (input: string): string | null => {
      const result = normalizeModelId(input, aliased);
      if (!result.ok) throw result.error;
      return inferenceProfileOf(result.model);
    };
    expect(profileOf('us.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe('us');
    expect(profileOf('global.anthropic.claude-3-5-sonnet-20240620-v1:0')).toBe('global');
    expect(profileOf('anthropic.claude-3-5-sonnet-20240620-v1:0')).toBeNull();
    expect(profileOf(appProfile)).toBe(appProfile);
    expect(profileOf(provisionedArn)).toBe(provisionedArn);
    expect(profileOf('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0')).toBeNull();
  });
});
