import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreDeterministic, type DeterministicScorer } from '../scorers/score-deterministic.js';
import { resolveSuite } from '../suite/load-suite.js';
import { importPromptfooConfig, readBedrockModelId } from './import-promptfoo-config.js';

const path = new URL('../__fixtures__/promptfooconfig.yaml', import.meta.url).pathname;
const text = readFileSync(path, 'utf8');

describe('importPromptfooConfig', () => {
  const imported = importPromptfooConfig(text, path);

  it('turns prompts into tasks, Bedrock providers into models and the grader into the judge', () => {
    const { suite } = imported;
    expect(suite.name).toBe('support-answers');
    expect(suite.models).toEqual({ current: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0', candidates: ['us.amazon.nova-lite-v1:0'] });
    expect(suite.judge?.models).toEqual(['us.amazon.nova-pro-v1:0']);
    expect(suite.region).toBe('us-east-1');
    expect(suite.defaults).toEqual({ maxOutputTokens: 300, temperature: 0 });
    expect(suite.tasks.map((task) => task.name)).toEqual(['prompt-1', 'chat-style']);
    expect(suite.tasks[1]?.prompt).toMatchObject({ system: 'You are a support agent.', user: '{{ question }}' });
  });

  it('maps the assertions it supports onto scorers that apply to the tests that have them', () => {
    const scorers = imported.suite.tasks[0]?.scorers ?? [];
    expect(scorers.map((scorer) => `${scorer.type}${scorer.negate ? ' (negated)' : ''}`)).toEqual(['contains (negated)', 'contains', 'judge', 'contains', 'json', 'exact', 'judge']);
    expect(scorers[2]).toMatchObject({ type: 'judge', rubric: '{{ __pf_2 }}', threshold: 0.8, onlyIf: '__pf_2' });
    expect(scorers[6]).toMatchObject({ type: 'judge', metric: 'correctness' });
    const examples = (imported.suite.tasks[0]?.examples ?? []) as { vars: Record<string, unknown>; reference?: string }[];
    expect(examples[0]?.vars).toMatchObject({ question: 'How do I get a refund?', __pf_0: 'as an AI', __pf_1: 'refund', __pf_2: 'Explains the refund steps politely' });
    expect(examples[2]?.reference).toBe('2 + 2 = 4');
  });

  it('lists everything it did not understand, with the reason', () => {
    const paths = imported.notUnderstood.map((item) => item.path);
    expect(paths).toEqual(
      expect.arrayContaining(['evaluateOptions', 'providers[0].config.guardrailIdentifier', 'providers[2]', 'prompts[2]', 'tests[1].assert[1]', 'tests[2].assert[2]', 'tests[2].assert[2].weight']),
    );
    expect(imported.notUnderstood.find((item) => item.path === 'tests[1].assert[1]')?.reason).toMatch(/javascript is not supported/);
    expect(imported.notUnderstood.find((item) => item.path === 'providers[2]')?.reason).toMatch(/not a Bedrock model/);
  });

  it('resolves into a runnable suite whose scorers behave like the assertions', async () => {
    const suite = await resolveSuite(imported.suite, { baseDir: '.' });
    const task = suite.tasks[0];
    const example = task?.examples[0];
    if (task === undefined || example === undefined) throw new Error('no example');
    const [notAi, refund] = task.scorers as DeterministicScorer[];
    expect(scoreDeterministic(notAi as DeterministicScorer, 'Sure! To get a Refund, open Orders.', example).pass).toBe(true);
    expect(scoreDeterministic(notAi as DeterministicScorer, 'As an AI, I cannot', example).pass).toBe(false);
    expect(scoreDeterministic(refund as DeterministicScorer, 'Open Orders, then Refund.', example).pass).toBe(true);
    // The contains-any scorer does not apply to the first test.
    expect(scoreDeterministic(task.scorers[3] as DeterministicScorer, 'anything', example)).toMatchObject({ value: null, pass: null });
  });

  it('refuses a config that mixes graders, and one without Bedrock providers', () => {
    const mixed = text.replace('      - type: llm-rubric\n', '      - type: llm-rubric\n        provider: bedrock:converse:us.anthropic.claude-3-5-haiku-20241022-v1:0\n');
    expect(() => importPromptfooConfig(mixed, path)).toThrow(/Refusing to mix judges/);
    expect(() => importPromptfooConfig('prompts: ["hi"]\nproviders: ["openai:gpt-4o"]\ntests: [{ assert: [{ type: equals, value: x }] }]\n', 'x.yaml')).toThrow(/names no Bedrock provider/);
  });

  it('reads Bedrock model ids from promptfoo provider ids', () => {
    expect(readBedrockModelId('bedrock:converse:us.amazon.nova-pro-v1:0')).toBe('us.amazon.nova-pro-v1:0');
    expect(readBedrockModelId('bedrock:anthropic.claude-3-haiku-20240307-v1:0')).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(readBedrockModelId('bedrock:kb:ABC123')).toBeUndefined();
    expect(readBedrockModelId('openai:gpt-4o')).toBeUndefined();
  });
});
