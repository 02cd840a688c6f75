/**
 * An open-addressing hash table from a 64-bit n-gram key (two independent 32-bit hashes) to a
 * dense index, on typed arrays. Featurising a 2,000-token prompt looks up ~20,000 n-grams; a Map
 * of substrings would allocate each one, this allocates nothing. Two hashes make a false match
 * between different n-grams about 1 in 10^19 per lookup, so it is ignored.
 */
export class NgramTable {
  private keys1: Int32Array;
  private keys2: Int32Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys1 = new Int32Array(capacity);
    this.keys2 = new Int32Array(capacity);
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** The index of a key, or −1. */
  get(h1: number, h2: number): number {
    let at = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const slot = this.slots[at] as number;
      if (slot === -1) return -1;
      if (this.keys1[at] === h1 && this.keys2[at] === h2) return slot;
      at = (at + 1) & this.mask;
    }
  }

  /** The index of a key, adding it with the next free index when new. */
  add(h1: number, h2: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    let at = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const slot = this.slots[at] as number;
      if (slot === -1) {
        this.keys1[at] = h1;
        this.keys2[at] = h2;
        this.slots[at] = this.size;
        this.size += 1;
        return this.size - 1;
      }
      if (this.keys1[at] === h1 && this.keys2[at] === h2) return slot;
      at = (at + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys1, keys2, slots } = this;
    const capacity = slots.length * 2;
    this.keys1 = new Int32Array(capacity);
    this.keys2 = new Int32Array(capacity);
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let at = 0; at < slots.length; at += 1) {
      const slot = slots[at] as number;
      if (slot === -1) continue;
      let to = ((keys1[at] as number) ^ ((keys2[at] as number) >>> 7)) & this.mask;
      while (this.slots[to] !== -1) to = (to + 1) & this.mask;
      this.keys1[to] = keys1[at] as number;
      this.keys2[to] = keys2[at] as number;
      this.slots[to] = slot;
    }
  }
}
