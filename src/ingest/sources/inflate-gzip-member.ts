import { promisify } from 'node:util';
import { type ZlibOptions, inflateRaw, inflateRawSync } from 'node:zlib';

const trailerBytes = 8;
// RFC 1952 header flags.
const headerCrc = 0x02;
const extraField = 0x04;
const fileName = 0x08;
const comment = 0x10;
const reserved = 0xe0;

/** Where the deflate data of a gzip member starting at byte 0 begins, or undefined if the header is not one. */
export function gzipDataStart(bytes: Uint8Array): number | undefined {
  if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) return undefined;
  const flags = bytes[3] as number;
  if ((flags & reserved) !== 0) return undefined;
  let at = 10;
  if ((flags & extraField) !== 0) at += 2 + ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8));
  for (const flag of [fileName, comment]) {
    if ((flags & flag) === 0) continue;
    const end = bytes.indexOf(0, at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  if ((flags & headerCrc) !== 0) at += 2;
  return at <= bytes.length ? at : undefined;
}

/** The text length a gzip trailer records (the last member's, mod 2^32); 0 when the bytes are too short to hold one. */
export function gzipTrailerLength(bytes: Uint8Array): number {
  return bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true) : 0;
}

interface Inflated {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

/** The deflate data between header and trailer, when the bytes are one gzip member. */
function deflateData(bytes: Uint8Array): Uint8Array | undefined {
  const start = gzipDataStart(bytes);
  return start === undefined || start > bytes.length - trailerBytes ? undefined : bytes.subarray(start, bytes.length - trailerBytes);
}

/**
 * The text, when the data ran to the trailer (no second member, nothing after it) and is as long
 * as the trailer says (modulo 2^32).
 */
function checked(bytes: Uint8Array, data: Uint8Array, { buffer, engine }: Inflated): Buffer | undefined {
  return engine.bytesWritten === data.length && buffer.length % 2 ** 32 === gzipTrailerLength(bytes) ? buffer : undefined;
}

/** Text over `maxOutputLength` is the caller's to handle (by streaming it); anything else, gunzip's to explain. */
function rethrowTooLarge(error: unknown): undefined {
  if (error instanceof RangeError) throw error;
  return undefined;
}

/**
 * Decompresses a file of one gzip member without checking its CRC-32 (nor a header CRC-16, which
 * gzip writers rarely add), or returns undefined (not one member, damaged) for `gunzipSync` to
 * decompress or explain; throws gunzip's `RangeError` for text over `maxOutputLength`.
 * The CRC is a quarter of gunzip's time on invocation logs (0.65 ms of 2.45 for a 2.9 MB file),
 * and DuckDB's `read_json` skips it too. Damage still shows as data that does not inflate, text
 * longer or shorter than the trailer's length, or lines that do not parse; only a changed byte
 * that leaves valid deflate data of the same length goes unseen.
 */
export function inflateGzipMemberSync(bytes: Uint8Array, options: ZlibOptions): Buffer | undefined {
  const data = deflateData(bytes);
  if (data === undefined) return undefined;
  try {
    // `info` is a documented option the typings do not reflect in the result.
    return checked(bytes, data, inflateRawSync(data, { ...options, info: true }) as unknown as Inflated);
  } catch (error) {
    return rethrowTooLarge(error);
  }
}

const inflateRawAsync = promisify(inflateRaw);

/** `inflateGzipMemberSync` on libuv's thread pool. */
export async function inflateGzipMember(bytes: Uint8Array, options: ZlibOptions): Promise<Buffer | undefined> {
  const data = deflateData(bytes);
  if (data === undefined) return undefined;
  try {
    return checked(bytes, data, (await inflateRawAsync(data, { ...options, info: true })) as unknown as Inflated);
  } catch (error) {
    return rethrowTooLarge(error);
  }
}
