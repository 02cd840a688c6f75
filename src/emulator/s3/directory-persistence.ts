import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ParseError } from '../../core/index.js';
import type { ObjectStorePersistence } from './create-memory-object-store.js';
import type { StoredObject } from './object-store.js';

/*
 * Layout: <dir>/<bucket>/bucket.json, and per object <sha256(key)>.json (key and headers) beside
 * <sha256(key)>.bin (the body). Keys are hashed because S3 keys may be 1,024 bytes long and hold
 * characters ("..", trailing "/", ":") that file systems refuse or interpret.
 */
const bucketFile = 'bucket.json';
const bucketMetaSchema = z.object({ created: z.iso.datetime() });
const objectMetaSchema = z.object({
  key: z.string(),
  etag: z.string(),
  lastModified: z.iso.datetime(),
  contentType: z.string(),
  metadata: z.record(z.string(), z.string()),
});

const fileStem = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Writes to a temporary name first, so a crash never leaves a half-written file under the real name. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

export function createDirectoryPersistence(directory: string): ObjectStorePersistence {
  return {
    async saveBucket(bucket, created) {
      await mkdir(join(directory, bucket), { recursive: true });
      await writeAtomically(join(directory, bucket, bucketFile), JSON.stringify({ created: created.toISOString() }));
    },
    async deleteBucket(bucket) {
      await rm(join(directory, bucket), { recursive: true, force: true });
    },
    async saveObject(bucket, object) {
      const stem = join(directory, bucket, fileStem(object.key));
      await writeAtomically(`${stem}.bin`, object.body);
      const { body: _body, lastModified, ...meta } = object;
      await writeAtomically(`${stem}.json`, JSON.stringify({ ...meta, lastModified: lastModified.toISOString() }));
    },
    async deleteObject(bucket, key) {
      const stem = join(directory, bucket, fileStem(key));
      await rm(`${stem}.json`, { force: true });
      await rm(`${stem}.bin`, { force: true });
    },
  };
}

export interface LoadedBucket {
  bucket: string;
  created: Date;
  objects: StoredObject[];
}

/** Reads what `createDirectoryPersistence` wrote. A missing directory is an empty store. */
export async function loadDirectory(directory: string): Promise<LoadedBucket[]> {
  await mkdir(directory, { recursive: true });
  const loaded: LoadedBucket[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const bucketDir = join(directory, entry.name);
    const bucketMeta = await readJson(join(bucketDir, bucketFile), bucketMetaSchema);
    if (bucketMeta === undefined) continue;
    const objects: StoredObject[] = [];
    for (const file of await readdir(bucketDir)) {
      if (!file.endsWith('.json') || file === bucketFile) continue;
      const metaPath = join(bucketDir, file);
      const meta = await readJson(metaPath, objectMetaSchema);
      if (meta === undefined) continue;
      const body = await readFile(metaPath.replace(/\.json$/, '.bin'));
      objects.push({ ...meta, lastModified: new Date(meta.lastModified), body: new Uint8Array(body) });
    }
    loaded.push({ bucket: entry.name, created: new Date(bucketMeta.created), objects });
  }
  return loaded;
}

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: z.ZodSafeParseResult<T> | undefined;
  try {
    parsed = schema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success !== true) {
    const why = parsed?.error.issues[0]?.message ?? 'not JSON';
    throw new ParseError(`not an emulator object-store file (${why}); remove it or point the store at another directory`, { file: path });
  }
  return parsed.data;
}
