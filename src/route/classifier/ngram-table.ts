/**
 * An open-addressing hash table from a 64-bit n-gram key (two independent 32-bit hashes) to a
 * dense index, on one typed array. Featurising a 2,000-token prompt looks up thousands of
 * n-grams; a Map of substrings would allocate each one, this allocates nothing. Each slot keeps
 * both hashes and its index side by side (16 bytes), so a probe reads one cache line. Two hashes
 * make a false match between different n-grams about 1 in 10^19 per lookup, so it is ignored.
 */
export class NgramTable {
  /** Per slot: hash 1, hash 2, index (−1 when empty), unused. */
  private entries: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.entries = new Int32Array(capacity * 4).fill(-1);
    this.mask = capacity - 1;
  }

  /** The index of a key, or −1. */
  get(h1: number, h2: number): number {
    const { entries, mask } = this;
    let at = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const base = at << 2;
      const slot = entries[base + 2] as number;
      if (slot === -1) return -1;
      if (entries[base] === h1 && entries[base + 1] === h2) return slot;
      at = (at + 1) & mask;
    }
  }

  /** The index of a key, adding it with the next free index when new. */
  add(h1: number, h2: number): number {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const { entries, mask } = this;
    let at = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const base = at << 2;
      const slot = entries[base + 2] as number;
      if (slot === -1) {
        entries[base] = h1;
        entries[base + 1] = h2;
        entries[base + 2] = this.size;
        this.size += 1;
        return this.size - 1;
      }
      if (entries[base] === h1 && entries[base + 1] === h2) return slot;
      at = (at + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.entries;
    const capacity = (this.mask + 1) * 2;
    const entries = new Int32Array(capacity * 4).fill(-1);
    const mask = capacity - 1;
    for (let base = 0; base < old.length; base += 4) {
      if (old[base + 2] === -1) continue;
      const h1 = old[base] as number;
      const h2 = old[base + 1] as number;
      let at = (h1 ^ (h2 >>> 7)) & mask;
      while (entries[(at << 2) + 2] !== -1) at = (at + 1) & mask;
      entries[at << 2] = h1;
      entries[(at << 2) + 1] = h2;
      entries[(at << 2) + 2] = old[base + 2] as number;
    }
    this.entries = entries;
    this.mask = mask;
  }
}
