import { compareUtf8, partitionPoint } from '../../core/index.js';
import type { ObjectInfo } from './object-store.js';

export interface ListObjectsPageOptions {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Resume strictly after this key (or rolled-up prefix): ListObjectsV2's StartAfter or a continuation token's position. */
  after?: string;
}

export interface ListObjectsPage {
  contents: ObjectInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned; the next page resumes after it. */
  lastPosition: string | undefined;
}

/**
 * One page of ListObjectsV2 over objects already sorted by key and filtered by prefix. Keys
 * sharing a part up to the delimiter roll up into one common prefix, which counts once towards
 * MaxKeys, as in S3.
 */
export function listObjectsPage(sorted: readonly ObjectInfo[], options: ListObjectsPageOptions): ListObjectsPage {
  const { prefix, delimiter, maxKeys, after } = options;
  const contents: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  let lastPosition: string | undefined;
  let isTruncated = false;

  // The first key past `after`, found by halving: a page deep into a large listing looks at its own keys only.
  const start = after === undefined ? 0 : partitionPoint(sorted.length, (at) => compareUtf8((sorted[at] as ObjectInfo).key, after) <= 0);
  for (let index = start; index < sorted.length; index += 1) {
    const object = sorted[index] as ObjectInfo;
    if (!object.key.startsWith(prefix)) continue;
    if (after !== undefined && isRolledUpUnder(object.key, after, delimiter)) continue;
    const rolledUp = commonPrefixFor(object.key, prefix, delimiter);
    if (rolledUp !== undefined && rolledUp === lastPosition) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    if (rolledUp === undefined) contents.push(object);
    else commonPrefixes.push(rolledUp);
    lastPosition = rolledUp ?? object.key;
  }
  return { contents, commonPrefixes, isTruncated, lastPosition };
}

function commonPrefixFor(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (delimiter === undefined || delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}

/** After a page that ended on common prefix "a/", every key under "a/" was already reported. */
function isRolledUpUnder(key: string, after: string, delimiter: string | undefined): boolean {
  return delimiter !== undefined && delimiter !== '' && after.endsWith(delimiter) && key.startsWith(after);
}
