import { closeSync, openSync, writeSync } from 'node:fs';

/** A file that bulk-load lines are appended to, for DuckDB's `read_json` to insert from. */
export interface LineSpool {
  /** Whole lines, each ending in a line feed. */
  append(text: Uint8Array): void;
  close(): void;
}

/**
 * Opens (emptying) a spool file. Writes are synchronous: a worker message's 2 MB of lines goes to
 * the page cache in well under a millisecond, less than an asynchronous write costs to schedule.
 */
export function openLineSpool(path: string): LineSpool {
  const fd = openSync(path, 'w');
  return {
    append(text) {
      for (let at = 0; at < text.length; ) at += writeSync(fd, text, at, text.length - at);
    },
    close() {
      closeSync(fd);
    },
  };
}
