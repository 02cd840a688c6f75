import { createMemoryObjectStore } from './create-memory-object-store.js';
import { createDirectoryPersistence, loadDirectory } from './directory-persistence.js';
import type { ObjectStore } from './object-store.js';

export interface OpenObjectStoreOptions {
  /** Keep objects in this directory across restarts. Without it the store lives in memory only. */
  directory?: string;
  now?: () => Date;
}

/** The emulator's object store: in memory, optionally written through to a directory. */
export async function openObjectStore(options: OpenObjectStoreOptions = {}): Promise<ObjectStore> {
  if (options.directory === undefined) return createMemoryObjectStore({ ...(options.now && { now: options.now }) });
  return createMemoryObjectStore({
    ...(options.now && { now: options.now }),
    initial: await loadDirectory(options.directory),
    persistence: createDirectoryPersistence(options.directory),
  });
}
