/**
 * The first index in `0..length` whose `isBefore(index)` is false, for a test that holds for a
 * leading run of a sorted list and not after it (C++'s `partition_point`): found by halving.
 */
export function partitionPoint(length: number, isBefore: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}
