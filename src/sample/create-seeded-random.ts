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

/** mulberry32: tiny, fast, and good enough for synthetic traffic. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
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
