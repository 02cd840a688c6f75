import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { loadDefaultSimulatedModels, parseSimulatedModels } from './load-simulated-models.js';

describe('simulated models', () => {
  it('ships a default set named after real Bedrock ids', async () => {
    const models = await loadDefaultSimulatedModels();
    const ids = models.map((model) => model.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'anthropic.claude-3-haiku-20240307-v1:0',
        'anthropic.claude-3-5-haiku-20241022-v1:0',
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
        'anthropic.claude-3-5-sonnet-20241022-v2:0',
        'anthropic.claude-3-7-sonnet-20250219-v1:0',
        'anthropic.claude-sonnet-4-20250514-v1:0',
        'anthropic.claude-sonnet-4-5-20250929-v1:0',
        'anthropic.claude-haiku-4-5-20251001-v1:0',
        'amazon.nova-micro-v1:0',
        'amazon.nova-lite-v1:0',
        'amazon.nova-pro-v1:0',
        'meta.llama3-1-8b-instruct-v1:0',
        'meta.llama3-1-70b-instruct-v1:0',
        'mistral.mistral-7b-instruct-v0:2',
      ]),
    );
    for (const model of models) {
      expect(model.name).toMatch(/simulated/);
      expect(model.accuracy['default']).toBeGreaterThan(0);
      expect(model.faults.throttleRate).toBe(0);
    }
    expect(models.find((model) => model.id.startsWith('amazon.nova-lite'))).toMatchObject({ format: 'nova', countTokens: false });
    expect(models.find((model) => model.id.startsWith('anthropic.claude-3-haiku'))).toMatchObject({ format: 'anthropic', countTokens: true });
  });

  it('fills defaults for a minimal entry', () => {
    const [model] = parseSimulatedModels('version: 1\nmodels:\n  - id: meta.llama3-1-8b-instruct-v1:0\n    latency: { ttftMs: 5, tokensPerSecond: 100 }\n', 'inline.yaml');
    expect(model).toMatchObject({ verbosity: 1, baseOutputTokens: 120, accuracy: { default: 0.5 }, format: 'llama', faults: { throttleRate: 0, sequence: [] } });
  });

  it('names the file and the setting when the file is wrong', () => {
    const bad = 'version: 1\nmodels:\n  - id: amazon.nova-lite-v1:0\n    latency: { ttftMs: -1, tokensPerSecond: 100 }\n    accuracy: { math: 1.5 }\n    faults: { throttleRate: 0.7, serverErrorRate: 0.6 }\n';
    let error: unknown;
    try {
      parseSimulatedModels(bad, 'models.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('models.yaml');
    expect(message).toMatch(/latency\.ttftMs/);
    expect(message).toMatch(/accuracy\.math/);
    expect(message).toMatch(/must not exceed 1/);
  });

  it('rejects broken YAML and duplicate ids', () => {
    expect(() => parseSimulatedModels('models: [', 'broken.yaml')).toThrow(/broken\.yaml is not valid YAML/);
    const twice = 'version: 1\nmodels:\n  - { id: amazon.nova-lite-v1:0, latency: { ttftMs: 1, tokensPerSecond: 1 } }\n  - { id: Amazon.Nova-Lite-v1:0, latency: { ttftMs: 1, tokensPerSecond: 1 } }\n';
    expect(() => parseSimulatedModels(twice, 'twice.yaml')).toThrow(/already used by amazon\.nova-lite-v1:0/);
  });
});
