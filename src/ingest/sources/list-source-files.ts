import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { classifySourceName } from './classify-source-name.js';
import type { GetS3Client } from './create-s3-client.js';
import { listS3Objects } from './list-s3-objects.js';
import { type SourceFile, parseS3Url } from './source-file.js';

export interface SourceProblem {
  source: string;
  message: string;
}

/** Files under `dir`, in name order. Subfolders are read at once, not one after another: a log bucket holds a folder per hour. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const found = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.name.startsWith('.')) return [];
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return found.flat();
}

/** Files stat'ed this many at a time: one after another, 2,665 files took 0.18 s of an ingest's start, 40 ms this way. */
const statBatch = 256;

async function listLocal(source: string, cwd: string, files: SourceFile[]): Promise<void> {
  const path = resolve(cwd, source);
  const info = await stat(path);
  const display = (file: string): string => {
    const rel = relative(cwd, file);
    return rel.startsWith('..') ? file : rel;
  };
  const version = (stats: Stats): string => `${stats.size}:${stats.mtimeMs}`;
  if (info.isFile()) {
    const format = classifySourceName(path, true);
    if (format !== 'ignore') files.push({ name: display(path), location: { kind: 'local', path }, format, size: info.size, version: version(info) });
    return;
  }
  const found = (await walk(path)).flatMap((file) => {
    const format = classifySourceName(file, false);
    return format === 'ignore' ? [] : [{ file, format }];
  });
  for (let start = 0; start < found.length; start += statBatch) {
    const batch = found.slice(start, start + statBatch);
    const stats = await Promise.all(batch.map(({ file }) => stat(file)));
    for (const [index, { file, format }] of batch.entries()) {
      const fileStats = stats[index] as Stats;
      files.push({ name: display(file), location: { kind: 'local', path: file }, format, size: fileStats.size, version: version(fileStats) });
    }
  }
}

async function listS3(url: string, s3: S3Client, files: SourceFile[]): Promise<void> {
  const parsed = parseS3Url(url);
  if (parsed === undefined) throw new Error(`"${url}" is not an s3://bucket/prefix URL`);
  for (const object of await listS3Objects(s3, parsed.bucket, parsed.prefix)) {
    if (object.Key === undefined || object.Key.endsWith('/')) continue;
    const format = classifySourceName(object.Key, object.Key === parsed.prefix);
    if (format === 'ignore') continue;
    files.push({
      name: `s3://${parsed.bucket}/${object.Key}`,
      location: { kind: 's3', bucket: parsed.bucket, key: object.Key },
      format,
      size: object.Size ?? 0,
      ...(object.ETag !== undefined && { version: `${object.Size ?? 0}:${object.ETag}` }),
    });
  }
}

/**
 * Expands the command line's sources into files: local files, folders (walked, sorted, hidden
 * entries skipped) and `s3://bucket/prefix` URLs (folders listed side by side, in key order: see
 * `listS3Objects`). A source that cannot be listed is reported and the others still run.
 */
export async function listSourceFiles(sources: readonly string[], options: { cwd: string; s3: GetS3Client }): Promise<{ files: SourceFile[]; problems: SourceProblem[] }> {
  const files: SourceFile[] = [];
  const problems: SourceProblem[] = [];
  for (const source of sources) {
    try {
      if (source.startsWith('s3://')) await listS3(source, await options.s3(), files);
      else await listLocal(source, options.cwd, files);
    } catch (error) {
      const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message;
      problems.push({ source, message });
    }
  }
  return { files, problems };
}
