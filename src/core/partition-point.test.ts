import { describe, expect, it } from 'vitest';
import { partitionPoint } from './partition-point.js';

describe('partitionPoint', () => {
  it('finds where a sorted list stops passing the test, at either end and in between', () => {
    const sorted = [1, 3, 3, 5, 8];
    for (const bound of [0, 1, 2, 3, 4, 5, 8, 9]) expect(partitionPoint(sorted.length, (index) => (sorted[index] as number) < bound), String(bound)).toBe(sorted.filter((value) => value < bound).length);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});
