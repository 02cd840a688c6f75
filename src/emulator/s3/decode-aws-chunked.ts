import { S3Error } from './s3-error.js';

/**
 * Decodes an `aws-chunked` request body: `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n` repeated,
 * ending with a zero-size chunk and optional trailers (the SDKs and AWS CLI send checksums there).
 * Streaming uploads of unknown length arrive this way, so PutObject must unwrap them.
 */
export function decodeAwsChunked(body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = indexOfCrlf(body, offset);
    if (lineEnd === -1) throw malformed('a chunk header has no line end');
    const header = Buffer.from(body.subarray(offset, lineEnd)).toString('latin1');
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw malformed(`bad chunk size "${header}"`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.byteLength) throw malformed('a chunk is shorter than its declared size');
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  return Buffer.concat(parts);
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let index = from; index + 1 < bytes.byteLength; index += 1) {
    if (bytes[index] === 13 && bytes[index + 1] === 10) return index;
  }
  return -1;
}

const malformed = (why: string): S3Error =>
  new S3Error('IncompleteBody', 400, `The aws-chunked request body is malformed: ${why}. Resend the request.`);

/** True when the request body is aws-chunked framing rather than the object's bytes. */
export function isAwsChunked(headers: { get(name: string): string | null }): boolean {
  const encoding = headers.get('content-encoding') ?? '';
  const sha = headers.get('x-amz-content-sha256') ?? '';
  return encoding.split(',').some((part) => part.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}
