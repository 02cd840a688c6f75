import { compareUtf8, partitionPoint } from '../../core/index.js';
import {
  type ObjectInfo,
  type ObjectStore,
  type PutObjectOptions,
  type StoredObject,
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
  /** The keys in S3's order, sorted when a listing needs them after a put or delete changed them. */
  sorted: string[] | undefined;
}

export function createMemoryObjectStore(options: MemoryObjectStoreOptions = {}): ObjectStore {
  const now = options.now ?? (() => new Date());
  const persistence = options.persistence;
  const buckets = new Map<string, Bucket>();
  for (const entry of options.initial ?? []) {
    buckets.set(entry.bucket, { created: entry.created, objects: new Map(entry.objects.map((object) => [object.key, object])), sorted: undefined });
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
      buckets.set(name, { created, objects: new Map(), sorted: undefined });
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
        .sort((left, right) => compareUtf8(left.name, right.name));
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
      if (!bucket.objects.has(key)) bucket.sorted = undefined;
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
      bucket.sorted = undefined;
      await persistence?.deleteObject(name, key);
    },
    async listObjects(name, prefix = '') {
      // Keys under a prefix are one run in sorted order, from the first key not below it: a
      // listing costs its own objects, not a sort of the bucket (S3's pages take about as long in
      // a small bucket as in a large one).
      const bucket = bucketOrThrow(name);
      bucket.sorted ??= [...bucket.objects.keys()].sort(compareUtf8);
      const sorted = bucket.sorted;
      const listed: ObjectInfo[] = [];
      for (let index = partitionPoint(sorted.length, (at) => compareUtf8(sorted[at] as string, prefix) < 0); index < sorted.length && (sorted[index] as string).startsWith(prefix); index += 1) listed.push(objectInfo(bucket.objects.get(sorted[index] as string) as StoredObject));
      return listed;
    },
  };
}
