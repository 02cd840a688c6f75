/**
 * A seeded uniform [0, 1) generator (mulberry32): bootstrap intervals, random baselines, data
 * splits, training shuffles and generated samples come out the same on every run and machine.
 * Not for anything security-related.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
