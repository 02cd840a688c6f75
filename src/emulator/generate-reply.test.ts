import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { createWrongAnswer, generateReply } from './generate-reply.js';
import { parseSimulatedModels } from './load-simulated-models.js';
import { seededIndex } from './seeded-unit.js';

const [model] = parseSimulatedModels('version: 1\nmodels:\n  - { id: amazon.nova-lite-v1:0, verbosity: 2, baseOutputTokens: 50, latency: { ttftMs: 1, tokensPerSecond: 1 } }\n', 'inline');
if (model === undefined) throw new Error('no model');

describe('generateReply', () => {
  it('is deterministic in seed, model and request, and scales length with verbosity', () => {
    const first = generateReply({ model, seed: 1, requestHash: 'abc' });
    expect(generateReply({ model, seed: 1, requestHash: 'abc' })).toEqual(first);
    expect(generateReply({ model, seed: 2, requestHash: 'abc' }).text).not.toBe(first.text);
    const tokens = countTokens(first.text);
    expect(tokens).toBeGreaterThanOrEqual(Math.round(50 * 2 * 0.8));
    expect(tokens).toBeLessThanOrEqual(Math.round(50 * 2 * 1.2) + 1);
  });

  it('stops at maxTokens', () => {
    const reply = generateReply({ model, seed: 1, requestHash: 'abc', maxTokens: 10 });
    expect(reply.stopReason).toBe('max_tokens');
    expect(countTokens(reply.text)).toBeLessThanOrEqual(10);
  });

  it('puts the answer on the first line', () => {
    const reply = generateReply({ model, seed: 1, requestHash: 'q', answerKey: { expected: '42', task: 'math' } });
    expect(reply.text.split('\n')[0]).toBe(reply.answer?.given);
    expect(reply.answer?.correct).toBe(reply.answer?.given === '42');
  });
});

describe('createWrongAnswer', () => {
  it('never returns the expected answer', () => {
    for (const expected of ['42', '3.50', '-7', 'yes', 'True', 'Paris', 'ab', 'a', 'aaa', 'New York', 'B']) {
      for (let draw = 0; draw < 25; draw += 1) {
        const wrong = createWrongAnswer({ expected, task: 't', ...(expected === 'B' && { choices: ['A', 'B', 'b', 'C'] }) }, (count, what) => seededIndex(count, draw, what));
        expect(wrong.trim().toLowerCase()).not.toBe(expected.toLowerCase());
      }
    }
  });

  it('stays plausible: nearby numbers, flipped booleans, other choices', () => {
    const first = (count: number) => count - 1;
    expect(createWrongAnswer({ expected: 'Yes', task: 't' }, first)).toBe('No');
    expect(Math.abs(Number(createWrongAnswer({ expected: '100', task: 't' }, first)) - 100)).toBeLessThanOrEqual(10);
    expect(createWrongAnswer({ expected: '2.50', task: 't' }, first)).toMatch(/^\d+\.\d\d$/);
    expect(['A', 'C']).toContain(createWrongAnswer({ expected: 'B', task: 't', choices: ['A', 'B', 'C'] }, first));
  });
});
