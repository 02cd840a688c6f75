import type { GetS3Client } from './create-s3-client.js';
import { type Prefetcher, createPrefetcher } from './create-prefetcher.js';
import { type LoadedLogText, loadLogText, wholeFileLimit } from './load-log-text.js';
import type { SourceFile } from './source-file.js';

/**
 * Loads whole the files `wanted` picks (up to `wholeFileLimit` each), a bounded number and size
 * ahead of the one being read; the others, and any that fail to load, come back undefined, and
 * their reader streams them (which reports an error with its line). Take every index in order.
 */
export function createLogTextPrefetcher(
  files: readonly SourceFile[],
  s3: GetS3Client,
  options: { wanted: (file: SourceFile, index: number) => boolean; maxItems: number; maxBytes: number },
): Prefetcher<LoadedLogText | undefined> {
  const loads = (index: number): boolean => {
    const file = files[index] as SourceFile;
    return file.size <= wholeFileLimit && options.wanted(file, index);
  };
  return createPrefetcher<number, LoadedLogText | undefined>(
    files.map((_, index) => index),
    (index) => (loads(index) ? loadLogText(files[index] as SourceFile, s3).catch(() => undefined) : Promise.resolve(undefined)),
    { maxItems: options.maxItems, maxBytes: options.maxBytes, size: (index) => (loads(index) ? (files[index] as SourceFile).size : 0) },
  );
}
