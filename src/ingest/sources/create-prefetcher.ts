/**
 * Loads items ahead of the consumer, a bounded number and size at a time, so file reads and
 * decompression (on the thread pool) overlap with parsing on the main thread.
 */
export interface Prefetcher<T> {
  /** The loaded value of item `index`; items must be taken in order. */
  take(index: number): Promise<T>;
}

export function createPrefetcher<I, T>(items: readonly I[], load: (item: I) => Promise<T>, options: { maxItems: number; maxBytes: number; size: (item: I) => number }): Prefetcher<T> {
  const loads = new Map<number, Promise<T>>();
  let next = 0;
  let bytes = 0;
  const fill = (from: number): void => {
    next = Math.max(next, from);
    while (next < items.length && loads.size < options.maxItems && (loads.size === 0 || bytes + options.size(items[next] as I) <= options.maxBytes)) {
      bytes += options.size(items[next] as I);
      loads.set(next, load(items[next] as I));
      next += 1;
    }
  };
  return {
    async take(index) {
      fill(index);
      const pending = loads.get(index) ?? load(items[index] as I);
      try {
        return await pending;
      } finally {
        if (loads.delete(index)) bytes -= options.size(items[index] as I);
        fill(index + 1);
      }
    },
  };
}
