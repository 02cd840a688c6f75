import { describe, expect, it } from 'vitest';
import { previewText } from './json-guards.js';

describe('previewText', () => {
  it.each([
    ['a tidy sentence', 'a tidy sentence'],
    ['  padded  ', 'padded'],
    ['two  spaces', 'two spaces'],
    ['line one\nline two\r\n\tthree', 'line one line two three'],
    ['nul\u0000inside', 'nulinside'],
    ['non-breaking\u00a0space', 'non-breaking space'],
    [' \n\t ', null],
    ['', null],
  ])('cleans %j to %j', (text, preview) => {
    expect(previewText(text)).toBe(preview);
  });

  it('cuts long text to max characters with an ellipsis, cleaning only the start', () => {
    expect(previewText('word\n\n'.repeat(100), 20)).toBe('word word word word…');
    expect(previewText('x'.repeat(25), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(previewText(undefined)).toBeNull();
  });
});
