import { describe, expect, it } from 'vitest';
import { compareUtf8 } from './compare-utf8.js';

const byBytes = (left: string, right: string): number => Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));

describe('compareUtf8', () => {
  it('orders strings as their UTF-8 bytes do, where JavaScript order differs above U+FFFF', () => {
    const pieces = ['', 'a', 'ab', 'b', '/', '.', '~', '\u007f', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uff5e', '\uffff', '\u{10000}', '\u{1f600}', '\u{1f601}', '\u{10ffff}'];
    const strings = pieces.flatMap((first) => pieces.map((second) => `${first}${second}`));
    for (const left of strings) for (const right of strings) expect(Math.sign(compareUtf8(left, right)), `${JSON.stringify(left)} vs ${JSON.stringify(right)}`).toBe(Math.sign(byBytes(left, right)));
    expect(['\u{1f600}', '\uff5e', 'z'].sort(compareUtf8)).toEqual(['z', '\uff5e', '\u{1f600}']);
    expect(['\u{1f600}', '\uff5e'].sort()).toEqual(['\u{1f600}', '\uff5e']);
  });
});
