import { createHash } from 'node:crypto';

/** An object as the store keeps it. `etag` is S3's simple-upload ETag: the hex MD5 of the body. */
export interface StoredObject {
  key: string;
  body: Uint8Array;
  etag: string;
  lastModified: Date;
  contentType: string;
  /** User metadata (`x-amz-meta-*`), lower-case names without the prefix. */
  metadata: Record<string, string>;
}

export type ObjectInfo = Omit<StoredObject, 'body'> & { size: number };

export interface PutObjectOptions {
  contentType?: string;
  metadata?: Record<string, string>;
}

/**
 * The emulator's object storage, shared by the S3 routes and the batch control plane (which
 * reads job input and writes job output through it, not through HTTP). Missing buckets throw
 * `S3Error` NoSuchBucket; a missing key is `undefined`, so callers choose the error.
 */
export interface ObjectStore {
  createBucket(bucket: string): Promise<{ created: boolean }>;
  hasBucket(bucket: string): Promise<boolean>;
  /** Throws BucketNotEmpty while the bucket holds objects. */
  deleteBucket(bucket: string): Promise<void>;
  listBuckets(): Promise<{ name: string; created: Date }[]>;
  putObject(bucket: string, key: string, body: Uint8Array, options?: PutObjectOptions): Promise<ObjectInfo>;
  getObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  headObject(bucket: string, key: string): Promise<ObjectInfo | undefined>;
  /** Deleting a missing key succeeds, as in S3. */
  deleteObject(bucket: string, key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, sorted by key in UTF-8 binary order as S3 lists. */
  listObjects(bucket: string, prefix?: string): Promise<ObjectInfo[]>;
}

export function md5Etag(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}

/** Field by field: a rest spread costs ~2 us an object, which a listing of 100,000 objects paid on every page. */
export function objectInfo({ key, body, etag, lastModified, contentType, metadata }: StoredObject): ObjectInfo {
  return { key, etag, lastModified, contentType, metadata, size: body.byteLength };
}
