import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { createPrompt } from './create-prompt.js';
import { pickRoutedModel } from './pick-routed-model.js';
import { defaultPromptRouters, type PromptRouterDefinition } from './prompt-router-schema.js';

const claude = defaultPromptRouters[0] as PromptRouterDefinition;

function promptOf(text: string, system?: string) {
  const builder = createPrompt();
  if (system !== undefined) builder.text('system', system, 'system');
  builder.text('messages', text, '0:user');
  return builder.build();
}

/** Plain words up to exactly `tokens` tokens (or one over when a word straddles). */
function words(tokens: number): string {
  const list: string[] = [];
  while (countTokens(list.join(' ')) < tokens) list.push(`w${list.length}`);
  return list.join(' ');
}

describe('pickRoutedModel', () => {
  it('picks the cheaper model while floor(tokens / 20) stays within the quality difference', () => {
    const under = words(200);
    const tokens = countTokens(under);
    expect(pickRoutedModel(promptOf(under), claude)).toEqual({ modelId: claude.cheaper, predictedGap: Math.floor(tokens / 20), signals: [] });
    expect(pickRoutedModel(promptOf(words(220)), claude).modelId).toBe(claude.fallback);
  });

  it('counts the system prompt as input but looks for signals in the messages only', () => {
    expect(pickRoutedModel(promptOf('Hi', words(300)), claude).modelId).toBe(claude.fallback);
    expect(pickRoutedModel(promptOf('Hi', 'Think step by step.'), claude).modelId).toBe(claude.cheaper);
    expect(pickRoutedModel(promptOf('Debug this:\n```js\nx()\n```'), claude)).toMatchObject({ modelId: claude.fallback, signals: ['code'] });
  });

  it('lets a lenient router keep the cheaper model on harder prompts', () => {
    const lenient = { ...claude, responseQualityDifference: 60 };
    expect(pickRoutedModel(promptOf('Compare the two plans.'), lenient)).toMatchObject({ modelId: claude.cheaper, predictedGap: 25, signals: ['comparison'] });
    expect(pickRoutedModel(promptOf('Analyze and compare the two plans.'), lenient).modelId).toBe(claude.cheaper);
    expect(pickRoutedModel(promptOf('Analyze and compare the two plans step by step.'), lenient).modelId).toBe(claude.fallback);
  });
});
