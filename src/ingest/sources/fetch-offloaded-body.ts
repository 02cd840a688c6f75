import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GetS3Client } from './create-s3-client.js';
import { openSourceStream } from './open-source-stream.js';
import { readTextLines } from './read-text-lines.js';
import { type SourceFile, type SourceLocation, parseS3Url } from './source-file.js';

export type FetchedBody = { ok: true; body: unknown } | { ok: false; message: string };
export type BodyFetcher = (s3Path: string, logFile: Pick<SourceFile, 'location'>) => Promise<FetchedBody>;

const maxBodyChars = 64 * 1024 * 1024;

/**
 * Where an offloaded body is: in S3 when the log came from S3; beside a local copy of the logs
 * otherwise (`aws s3 sync` keeps keys from `AWSLogs/` down, so the body sits at the same path
 * under the folder that holds `AWSLogs`).
 */
function locateBody(s3Path: string, logFile: Pick<SourceFile, 'location'>): SourceLocation | string {
  const target = parseS3Url(s3Path);
  if (target === undefined) return `"${s3Path}" is not an s3:// URL`;
  if (logFile.location.kind === 's3') return { kind: 's3', bucket: target.bucket, key: target.prefix };
  const logPath = logFile.location.path.replaceAll('\\', '/');
  const root = logPath.indexOf('/AWSLogs/');
  const keyStart = target.prefix.indexOf('AWSLogs/');
  if (root < 0 || keyStart < 0) return 'no local copy: the log file is not under an AWSLogs/ folder';
  const path = join(logPath.slice(0, root), target.prefix.slice(keyStart));
  return existsSync(path) ? { kind: 'local', path } : `no local copy at ${path}`;
}

/** Reads offloaded request/response bodies (`*_input.json.gz`) so large requests still get prompt blocks. */
export function createBodyFetcher(s3: GetS3Client): BodyFetcher {
  return async (s3Path, logFile) => {
    const location = locateBody(s3Path, logFile);
    if (typeof location === 'string') return { ok: false, message: location };
    try {
      let text = '';
      for await (const line of readTextLines(await openSourceStream(location, s3))) {
        text += `${line}\n`;
        if (text.length > maxBodyChars) return { ok: false, message: `${s3Path} is larger than ${maxBodyChars} characters; skipped` };
      }
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false, message: `${s3Path}: ${(error as Error).message}` };
    }
  };
}
