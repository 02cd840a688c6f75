import { createHash } from 'node:crypto';

/** A stable hex digest of a string: the identity of a prompt, a prefix or a request. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A number in [0, 1) that depends only on its parts. The emulator draws every "random" choice
 * (correct or not, which fault, latency jitter) from a hash of the seed and what the choice is
 * about, so a run is reproducible without carrying generator state between requests.
 */
export function seededUnit(...parts: readonly (string | number)[]): number {
  const digest = createHash('sha256').update(parts.map(String).join('\u0000')).digest();
  // 48 bits fit a double exactly.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A whole number in [0, count) drawn like `seededUnit`. */
export function seededIndex(count: number, ...parts: readonly (string | number)[]): number {
  return Math.min(count - 1, Math.floor(seededUnit(...parts) * count));
}
