import { describe, expect, it } from 'vitest';
import { eachInOrder } from './file-context.js';

describe('eachInOrder', () => {
  it('runs synchronous steps synchronously and returns no promise', () => {
    const seen: number[] = [];
    expect(eachInOrder(4, (index) => void seen.push(index))).toBeUndefined();
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('waits for a step that returns a promise before the next, in order', async () => {
    const seen: string[] = [];
    const result = eachInOrder(4, (index) => {
      seen.push(`start ${index}`);
      if (index % 2 === 1) return new Promise<void>((resolve) => setTimeout(() => (seen.push(`end ${index}`), resolve()), 5));
      seen.push(`end ${index}`);
      return undefined;
    });
    expect(result).toBeInstanceOf(Promise);
    expect(seen).toEqual(['start 0', 'end 0', 'start 1']);
    await result;
    expect(seen).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('passes a failing step on', async () => {
    expect(() => eachInOrder(2, () => {
      throw new Error('bad record');
    })).toThrow('bad record');
    await expect(eachInOrder(3, (index) => (index === 1 ? Promise.reject(new Error('late')) : undefined))).rejects.toThrow('late');
  });
});
