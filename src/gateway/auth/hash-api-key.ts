import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { InvalidArgumentError } from '../../core/index.js';

/**
 * Virtual API keys are stored only as salted hashes. `sha256` suits the random 256-bit keys
 * `generateApiKey` makes (there is nothing to brute-force); `scrypt` is for keys a person chose.
 * Either way the gateway verifies a key once and then remembers it by an in-memory fingerprint
 * (see `createKeyIndex`), so scrypt's cost is paid on the first request only.
 */
export type KeyHashAlgorithm = 'sha256' | 'scrypt';

const scryptDefaults = { N: 16_384, r: 8, p: 1 };
const b64 = (buffer: Buffer): string => buffer.toString('base64url');

function scryptAsync(key: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(key, salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (error, derived) => (error === null ? resolve(derived) : reject(error)));
  });
}

function sha256(salt: Buffer, key: string): Buffer {
  return createHash('sha256').update(salt).update(key, 'utf8').digest();
}

/** A new random key: `frugal_` and 43 base64url characters (256 bits). */
export function generateApiKey(): string {
  return `frugal_${b64(randomBytes(32))}`;
}

/** The string to put in frugal.yaml for `key`. */
export async function hashApiKey(key: string, algorithm: KeyHashAlgorithm = 'sha256'): Promise<string> {
  if (key.length < 16) throw new InvalidArgumentError('key', 'API keys need at least 16 characters; use `frugal gateway keygen` for a random one.');
  const salt = randomBytes(16);
  if (algorithm === 'sha256') return `sha256$${b64(salt)}$${b64(sha256(salt, key))}`;
  const { N, r, p } = scryptDefaults;
  return `scrypt$${N}$${r}$${p}$${b64(salt)}$${b64(await scryptAsync(key, salt, scryptDefaults))}`;
}

/** Whether `key` matches a stored hash; constant-time in the hash comparison. */
export async function verifyApiKey(key: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  let expected: Buffer;
  let actual: Buffer;
  if (parts[0] === 'sha256' && parts.length === 3) {
    expected = Buffer.from(parts[2] as string, 'base64url');
    actual = sha256(Buffer.from(parts[1] as string, 'base64url'), key);
  } else if (parts[0] === 'scrypt' && parts.length === 6) {
    const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
    expected = Buffer.from(parts[5] as string, 'base64url');
    actual = await scryptAsync(key, Buffer.from(parts[4] as string, 'base64url'), { N, r, p });
  } else {
    return false;
  }
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
