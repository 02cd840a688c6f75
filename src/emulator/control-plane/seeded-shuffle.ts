import { createHash } from 'node:crypto';

/**
 * A copy of `items` in an order that depends only on `parts` (seed, job id, file). Bedrock does
 * not keep input order in its output files, so the emulator does not either: clients must join
 * on recordId, and the same seed gives the same order on every run.
 */
export function seededShuffle<T>(items: readonly T[], ...parts: readonly (string | number)[]): T[] {
  const shuffled = [...items];
  const base = parts.map(String).join('\u0000');
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const digest = createHash('sha256').update(`${base}\u0000${index}`).digest();
    const pick = digest.readUIntBE(0, 6) % (index + 1);
    [shuffled[index], shuffled[pick]] = [shuffled[pick] as T, shuffled[index] as T];
  }
  return shuffled;
}
