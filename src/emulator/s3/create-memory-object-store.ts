import {
  type ObjectInfo,
  type ObjectStore,
  type PutObjectOptions,
  type StoredObject,
  compareKeys,
  md5Etag,
  objectInfo,
} from './object-store.js';
import { S3Error, noSuchBucket } from './s3-error.js';

/** Write-through hooks, so a directory (or anything else) can mirror the in-memory state. */
export interface ObjectStorePersistence {
  saveBucket(bucket: string, created: Date): Promise<void>;
  deleteBucket(bucket: string): Promise<void>;
  saveObject(bucket: string, object: StoredObject): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

export interface MemoryObjectStoreOptions {
  now?: () => Date;
  persistence?: ObjectStorePersistence;
  /** State to start from (what a persistence directory held). */
  initial?: { bucket: string; created: Date; objects: StoredObject[] }[];
}

interface Bucket {
  created: Date;
  objects: Map<string, StoredObject>;
}

export function createMemoryObjectStore(options: MemoryObjectStoreOptions = {}): ObjectStore {
  const now = options.now ?? (() => new Date());
  const persistence = options.persistence;
  const buckets = new Map<string, Bucket>();
  for (const entry of options.initial ?? []) {
    buckets.set(entry.bucket, { created: entry.created, objects: new Map(entry.objects.map((object) => [object.key, object])) });
  }

  const bucketOrThrow = (name: string): Bucket => {
    const bucket = buckets.get(name);
    if (bucket === undefined) throw noSuchBucket(name);
    return bucket;
  };

  return {
    async createBucket(name) {
      if (buckets.has(name)) return { created: false };
      const created = now();
      buckets.set(name, { created, objects: new Map() });
      await persistence?.saveBucket(name, created);
      return { created: true };
    },
    async hasBucket(name) {
      return buckets.has(name);
    },
    async deleteBucket(name) {
      const bucket = bucketOrThrow(name);
      if (bucket.objects.size > 0) {
        throw new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty. Delete its objects first.', name);
      }
      buckets.delete(name);
      await persistence?.deleteBucket(name);
    },
    async listBuckets() {
      return [...buckets.entries()]
        .map(([name, bucket]) => ({ name, created: bucket.created }))
        .sort((left, right) => compareKeys(left.name, right.name));
    },
    async putObject(name, key, body, putOptions: PutObjectOptions = {}) {
      const bucket = bucketOrThrow(name);
      const object: StoredObject = {
        key,
        // Copy: the caller may reuse its buffer.
        body: new Uint8Array(body),
        etag: md5Etag(body),
        lastModified: now(),
        contentType: putOptions.contentType ?? 'binary/octet-stream',
        metadata: { ...putOptions.metadata },
      };
      bucket.objects.set(key, object);
      await persistence?.saveObject(name, object);
      return objectInfo(object);
    },
    async getObject(name, key) {
      return bucketOrThrow(name).objects.get(key);
    },
    async headObject(name, key) {
      const object = bucketOrThrow(name).objects.get(key);
      return object === undefined ? undefined : objectInfo(object);
    },
    async deleteObject(name, key) {
      const bucket = bucketOrThrow(name);
      if (!bucket.objects.delete(key)) return;
      await persistence?.deleteObject(name, key);
    },
    async listObjects(name, prefix = '') {
      const listed: ObjectInfo[] = [];
      for (const object of bucketOrThrow(name).objects.values()) {
        if (object.key.startsWith(prefix)) listed.push(objectInfo(object));
      }
      return listed.sort((left, right) => compareKeys(left.key, right.key));
    },
  };
}
