import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';

describe('countTokens', () => {
  it('blends characters/4 with words×4/3 and rounds up', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('a')).toBe(1);
    // 11 chars, 2 words: (2.75 + 2.667) / 2 = 2.71 → 3
    expect(countTokens('Hello there')).toBe(3);
    // 100 chars, 1 word: (25 + 1.333) / 2 = 13.17 → 14
    expect(countTokens('x'.repeat(100))).toBe(14);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(countTokens('🙂🙂🙂🙂🙂🙂🙂🙂')).toBe(countTokens('abcdefgh'));
  });

  it('sees whitespace changes', () => {
    expect(countTokens('one two three four')).not.toBe(countTokens('one two  three four'.replace(/ /g, '   ')));
  });
});
