import { describe, expect, it } from 'vitest';
import { runModuleScript } from '../../../test/helpers/run-module-script.js';
import { createTextMemo } from './create-text-memo.js';

const prompt = (line: string): string => `You are a support assistant.\n\n${'Policy paragraph. '.repeat(300)}\n\n${line}`;

describe('createTextMemo', () => {
  it('keeps a text from the second time it is set, short or long', () => {
    const memo = createTextMemo<string>(10);
    for (const text of ['short', prompt('Today is 2026-07-01.')]) {
      memo.set(text, `hash of ${text}`);
      expect(memo.get(text)).toBeUndefined();
      memo.set(text, `hash of ${text}`);
      expect(memo.get(text)).toBe(`hash of ${text}`);
    }
    expect(memo.size).toBe(2);
  });

  it('tells apart long texts that differ only where the fingerprint does not look', () => {
    const memo = createTextMemo<number>(10);
    const a = prompt('Ticket 1');
    const b = `${a.slice(0, 100)}X${a.slice(101)}`;
    for (const [text, value] of [[a, 1], [a, 1], [b, 2], [b, 2]] as const) memo.set(text, value);
    expect(memo.get(a)).toBe(1);
    expect(memo.get(b)).toBe(2);
    expect(memo.get(prompt('Ticket 3'))).toBeUndefined();
  });

  it('never holds texts seen once, and starts over when full', () => {
    const memo = createTextMemo<number>(3);
    for (let index = 0; index < 100; index += 1) memo.set(prompt(`Now: ${index}`), index);
    expect(memo.size).toBe(0);
    for (let index = 0; index < 4; index += 1) {
      memo.set(`text ${index}`, index);
      memo.set(`text ${index}`, index);
    }
    expect(memo.size).toBe(1);
    expect(memo.get('text 3')).toBe(3);
    expect(memo.get('text 0')).toBeUndefined();
  });
});

describe('createTextMemo memory', () => {
  it('keeps a paragraph without the prompt it was cut from', () => {
    // In a process of its own, to measure its heap after a full collection.
    const script = `
      const { createTextMemo } = await import(${JSON.stringify(new URL('./create-text-memo.ts', import.meta.url).href)});
      const memo = createTextMemo(10_000);
      for (let index = 0; index < 1000; index += 1) {
        const prompt = 'Paragraph ' + index + ' of a prompt.\\n\\n' + 'x'.repeat(100_000);
        const paragraph = prompt.slice(0, prompt.indexOf('\\n\\n'));
        memo.set(paragraph, index);
        memo.set(paragraph, index);
      }
      globalThis.gc();
      console.log(JSON.stringify({ size: memo.size, heapMb: process.memoryUsage().heapUsed / 1e6 }));`;
    const { size, heapMb } = runModuleScript(script, ['--expose-gc']) as { size: number; heapMb: number };
    expect(size).toBe(1000);
    // Each 100 KB prompt kept alive would be 100 MB.
    expect(heapMb).toBeLessThan(40);
  });
});
