import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gunzip, gunzipSync } from 'node:zlib';
import { type GetS3Client, getS3Object } from './create-s3-client.js';
import { gzipTrailerLength, inflateGzipMember, inflateGzipMemberSync } from './inflate-gzip-member.js';
import { isGzip } from './is-gzip.js';
import type { SourceFile } from './source-file.js';

const gunzipAsync = promisify(gunzip);

/** Files up to this size are read whole and gunzipped on libuv's thread pool, off the main thread. */
export const wholeFileLimit = 32 * 1024 * 1024;
/** More text than this from one file goes through the streaming reader instead. */
const maxTextBytes = 256 * 1024 * 1024;

export interface LoadedLogText {
  /** Decoded one at a time as they are read (once): the file's bytes are held, not its text. */
  lines: Iterable<string>;
  /** Why the file stopped early; `lines` holds everything before the break. */
  failure?: { message: string; truncated: boolean };
}

async function readBytes(file: Pick<SourceFile, 'location'>, s3: GetS3Client): Promise<Uint8Array> {
  if (file.location.kind === 'local') return readFile(file.location.path);
  const object = await getS3Object(s3, file.location);
  return object.Body === undefined ? new Uint8Array() : object.Body.transformToByteArray();
}

/**
 * Gunzip options sized from the gzip trailer (the last member's length mod 2^32): the text comes
 * out as one chunk, not 1 MB pieces joined by a copy. Only a hint; a longer output still works.
 */
function gunzipOptions(bytes: Uint8Array): { maxOutputLength: number; chunkSize: number } {
  return { maxOutputLength: maxTextBytes, chunkSize: Math.min(maxTextBytes, Math.max(64 * 1024, gzipTrailerLength(bytes) + 1)) };
}

/**
 * The lines of a file's bytes, each decoded when it is read: ASCII text (most logs) as Latin-1,
 * the same characters at less cost than UTF-8. Line by line, not the whole text then split: Node
 * copies a string over 1 MB into fresh memory, page-faulted again for every file (a third of an
 * ingest's page faults), where 7 KB lines reuse the young generation. A line feed never occurs
 * inside a UTF-8 sequence, so cutting the bytes at line feeds is safe.
 *
 * An iterator object, not a generator: a finished generator still held its file's bytes, which
 * the young-generation collections then kept (a worker's buffers grew to 90 MB between full
 * collections), and V8 ran a full collection for this "external memory pressure" every ~170
 * files, 9 of a worker's 13 per 100,000 records. Once done (or stopped early) this lets go.
 */
class LineIterator implements IterableIterator<string> {
  private bytes: Buffer | undefined;
  private start = 0;
  private readonly end: number;
  private readonly encoding: 'latin1' | 'utf8';

  constructor(bytes: Buffer) {
    this.bytes = bytes.length === 0 ? undefined : bytes;
    this.encoding = isAscii(bytes) ? 'latin1' : 'utf8';
    this.end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<string> {
    const bytes = this.bytes;
    if (bytes === undefined || this.start > this.end) return this.return();
    let stop = bytes.indexOf(0x0a, this.start);
    if (stop < 0 || stop > this.end) stop = this.end;
    const value = bytes.toString(this.encoding, this.start, stop > this.start && bytes[stop - 1] === 0x0d ? stop - 1 : stop);
    this.start = stop + 1;
    return { done: false, value };
  }

  return(): IteratorResult<string> {
    this.bytes = undefined;
    return { done: true, value: undefined };
  }
}

const splitLines = (bytes: Buffer): Iterable<string> => new LineIterator(bytes);

/** Text that is not gzipped, unless it is too large for one string. */
const loadPlainText = (bytes: Buffer): LoadedLogText | undefined => (bytes.length > maxTextBytes ? undefined : { lines: splitLines(bytes) });

/** A broken gzip decompressed again in sync-flush mode: everything before the break. */
const salvageOptions = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxTextBytes };

/** The complete lines of what a broken gzip gave (its last piece is cut mid-record), with the failure. */
function salvageLines(salvaged: Buffer, error: unknown): LoadedLogText {
  const end = salvaged.lastIndexOf(0x0a);
  return { lines: end < 0 ? [] : splitLines(salvaged.subarray(0, end + 1)), failure: { message: (error as Error).message, truncated: true } };
}

/**
 * Reads a small log file whole, gunzipping on the thread pool so several files decompress while
 * the main thread parses. A truncated gzip is decompressed again in sync-flush mode to keep every
 * complete line before the break. Returns undefined when the text is too large for one string
 * (the caller then streams the file).
 */
export async function loadLogText(file: Pick<SourceFile, 'location'>, s3: GetS3Client): Promise<LoadedLogText | undefined> {
  const bytes = await readBytes(file, s3);
  if (!isGzip(bytes)) return loadPlainText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const options = gunzipOptions(bytes);
  try {
    return { lines: splitLines((await inflateGzipMember(bytes, options)) ?? (await gunzipAsync(bytes, options))) };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    return salvageLines(await gunzipAsync(bytes, salvageOptions).catch(() => Buffer.alloc(0)), error);
  }
}

/**
 * `loadLogText` for a local file, synchronously: for worker threads, where blocking costs no one
 * else and skips the hop to libuv's thread pool and back.
 */
export function loadLocalLogTextSync(path: string): LoadedLogText | undefined {
  const bytes = readFileSync(path);
  if (!isGzip(bytes)) return loadPlainText(bytes);
  const options = gunzipOptions(bytes);
  try {
    return { lines: splitLines(inflateGzipMemberSync(bytes, options) ?? gunzipSync(bytes, options)) };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    let salvaged = Buffer.alloc(0);
    try {
      salvaged = gunzipSync(bytes, salvageOptions);
    } catch {
      // Nothing decodable: no lines, and the failure below.
    }
    return salvageLines(salvaged, error);
  }
}
