import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { type GetS3Client, getS3Object } from './create-s3-client.js';
import type { SourceLocation } from './source-file.js';

/** A byte stream of a local file or an S3 object, read as it arrives. */
export async function openSourceStream(location: SourceLocation, s3: GetS3Client): Promise<Readable> {
  if (location.kind === 'local') return createReadStream(location.path, { highWaterMark: 1 << 20 });
  const object = await getS3Object(s3, location);
  const body = object.Body;
  if (body instanceof Readable) return body;
  if (body === undefined) return Readable.from([]);
  // Non-Node runtimes hand back a web stream.
  return Readable.fromWeb(body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
}
