import { createSeededRandom } from '../core/index.js';

/** A small deterministic random source: the same seed gives the same month of logs on every machine. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with the given (unnormalised) weights. */
  weighted(weights: readonly number[]): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Roughly normal (sum of uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number;
  /** A version-4-shaped UUID. */
  uuid(): string;
}

export function createSampleRandom(seed: number): SeededRandom {
  const next = createSeededRandom(seed);
  const hex = (digits: number): string => {
    let out = '';
    for (let index = 0; index < digits; index += 1) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted(weights) {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let target = next() * total;
      for (const [index, weight] of weights.entries()) {
        target -= weight;
        if (target < 0) return index;
      }
      return weights.length - 1;
    },
    chance: (p) => next() < p,
    around(mean, spread, min, max) {
      const value = mean + spread * (next() + next() + next() - 1.5) * 1.15;
      return Math.min(max, Math.max(min, value));
    },
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}
