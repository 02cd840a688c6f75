import { createHash } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Job ids shaped like Bedrock's (12 lower-case letters and digits, the last part of the job
 * ARN), drawn from the seed so that a seeded emulator run names its jobs the same way each time.
 */
export function createJobIdFactory(seed: string | number): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    const digest = createHash('sha256').update(`${seed}\u0000job\u0000${counter}`).digest();
    return Array.from(digest.subarray(0, 12), (byte) => alphabet[byte % alphabet.length]).join('');
  };
}
