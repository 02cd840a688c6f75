import type { _Object as S3Object, S3Client } from '@aws-sdk/client-s3';
import { compareUtf8, forEachConcurrently } from '../../core/index.js';
import { loadS3Sdk } from './create-s3-client.js';

/** ListObjectsV2 requests in flight at once for the folders of one listing. */
const concurrency = 16;
/**
 * A prefix is split at its folders (`/`), level by level, until this many can be listed side by
 * side: in a Bedrock log bucket, the account, Region, year and month folders (5 Regions × 12 months).
 */
const splitFolders = 32;
/** A level of more folders than this is not worth a request each: the level above is listed whole. */
const maxFolders = 512;
/** Folder levels split at most (a Bedrock log key has eight folders above its file). */
const maxLevels = 8;

interface Folder {
  prefix: string;
  /** Objects directly in the folder, or, for a folder listed whole, every object under it. */
  objects: S3Object[];
  folders: Folder[];
}

interface Listed {
  objects: S3Object[];
  prefixes: string[];
  /** Where the listing stopped, when it was asked for fewer pages than there are. */
  token: string | undefined;
}

interface ListOptions {
  delimiter?: string;
  token?: string;
  pages?: number;
  /** Aborted once the other way of listing has finished: a request in flight is cancelled, no page more is asked for. */
  signal?: AbortSignal;
}

async function listPrefix(s3: S3Client, bucket: string, prefix: string, { delimiter, token: from, pages = Number.POSITIVE_INFINITY, signal }: ListOptions = {}): Promise<Listed> {
  const { ListObjectsV2Command } = await loadS3Sdk();
  const listed: Listed = { objects: [], prefixes: [], token: undefined };
  let token = from;
  let fetched = 0;
  do {
    signal?.throwIfAborted();
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, ...(delimiter !== undefined && { Delimiter: delimiter }) }), { ...(signal !== undefined && { abortSignal: signal }) });
    for (const object of page.Contents ?? []) listed.objects.push(object);
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix !== undefined) listed.prefixes.push(common.Prefix);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    fetched += 1;
  } while (token !== undefined && fetched < pages);
  listed.token = token;
  return listed;
}

/**
 * Folder levels under `prefix` worth listing side by side, judged by a listing's first page: the
 * deepest level whose folders that page's keys fall into at most two of (each then holds about a
 * page or more). Hour folders of a dozen logs are not worth a request each; month folders are.
 */
function splitDepth(prefix: string, firstPage: readonly S3Object[]): number {
  const paths = firstPage.map((object) => (object.Key ?? '').slice(prefix.length).split('/'));
  let depth = 0;
  for (let level = 1; level <= maxLevels; level += 1) {
    const folders = new Set<string>();
    for (const parts of paths) if (parts.length > level) folders.add(parts.slice(0, level).join('/'));
    if (folders.size === 0 || folders.size > 2) break;
    depth = level;
  }
  return depth;
}

/**
 * A folder's objects in S3's key order (UTF-8 bytes): its own, each before or after a subfolder's
 * as its key sorts against the subfolder's prefix (every key under the prefix sorts alike against it).
 */
function appendInKeyOrder(folder: Folder, out: S3Object[]): void {
  let own = 0;
  for (const sub of folder.folders) {
    while (own < folder.objects.length && compareUtf8(folder.objects[own]?.Key ?? '', sub.prefix) < 0) out.push(folder.objects[own++] as S3Object);
    appendInKeyOrder(sub, out);
  }
  while (own < folder.objects.length) out.push(folder.objects[own++] as S3Object);
}

/**
 * The prefix split at its folders down to `levels` (fewer once `splitFolders` are found), each
 * folder then listed whole, side by side; abandoned when that comes down to a single folder.
 */
async function listFolders(s3: S3Client, bucket: string, prefix: string, levels: number, signal: AbortSignal): Promise<S3Object[]> {
  const root: Folder = { prefix, objects: [], folders: [] };
  let level: Folder[] = [root];
  for (let depth = 0; level.length > 0 && level.length < splitFolders && depth < levels; depth += 1) {
    const listed = new Map<Folder, Listed>();
    await forEachConcurrently(level, concurrency, async (folder) => {
      listed.set(folder, await listPrefix(s3, bucket, folder.prefix, { delimiter: '/', signal }));
    });
    if (level.reduce((sum, folder) => sum + (listed.get(folder) as Listed).prefixes.length, 0) > maxFolders) break;
    for (const folder of level) {
      const { objects, prefixes } = listed.get(folder) as Listed;
      folder.objects = objects;
      folder.folders = prefixes.map((sub) => ({ prefix: sub, objects: [], folders: [] }));
    }
    level = level.flatMap((folder) => folder.folders);
  }
  // One folder to list whole is what the listing going on from its first page does already.
  if (level.length === 1) throw new Error('one folder: left to the listing going on');
  await forEachConcurrently(level, concurrency, async (folder) => {
    folder.objects = (await listPrefix(s3, bucket, folder.prefix, { signal })).objects;
    folder.folders = [];
  });
  const objects: S3Object[] = [];
  appendInKeyOrder(root, objects);
  return objects;
}

/**
 * Every object under `prefix`, in the order one ListObjectsV2 listing gives them, and sooner for a
 * large prefix. One listing fetches its pages one after another (each page's token comes with the
 * page before): a year of one Region's invocation logs at two files an hour is 18 pages, of five
 * Regions 88. When the first page is not the last and shows folders of about a page or more
 * (`splitDepth`), the prefix is also split at its folders, a level at a time (a request per
 * folder), and the folders found are listed whole, `concurrency` at once; the listing goes on from
 * its first page meanwhile, and whichever finishes first is the answer (the other is aborted, its
 * requests in flight cancelled). A prefix of one page costs one request, as before; a split one
 * costs more (148 instead of 88 for 87,600 objects in `npm run bench:s3-listing`, at $0.005 per
 * 1,000 in S3). Fails only when both ways fail (with the listing's own error).
 */
export async function listS3Objects(s3: S3Client, bucket: string, prefix: string): Promise<S3Object[]> {
  const first = await listPrefix(s3, bucket, prefix, { pages: 1 });
  if (first.token === undefined) return first.objects;
  const levels = splitDepth(prefix, first.objects);
  const done = new AbortController();
  const onward = listPrefix(s3, bucket, prefix, { token: first.token, signal: done.signal }).then((rest) => [...first.objects, ...rest.objects]);
  if (levels === 0) return onward;
  try {
    return await Promise.any([onward, listFolders(s3, bucket, prefix, levels, done.signal)]);
  } catch (error) {
    // Both failed before either was aborted: the listing's own error says most.
    throw (error as AggregateError).errors[0];
  } finally {
    done.abort();
  }
}
