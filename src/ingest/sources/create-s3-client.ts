import type * as S3Sdk from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';

/**
 * The AWS SDK's S3 client, loaded on first use: an ingest of local files (and each of its worker
 * threads) never loads it. It was 4 MB of each worker's heap, marked again by every full collection.
 */
export const loadS3Sdk = (): Promise<typeof S3Sdk> => import('@aws-sdk/client-s3');

/** A thread's S3 client, made on first use (see `createLazyS3Client`). */
export type GetS3Client = () => Promise<S3Client>;

/** One object, read through the thread's client. */
export async function getS3Object(s3: GetS3Client, object: { bucket: string; key: string }): Promise<GetObjectCommandOutput> {
  const { GetObjectCommand } = await loadS3Sdk();
  return (await s3()).send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
}

/** How to reach S3, as plain data: worker threads build clients of their own from it. */
export interface S3Settings {
  region: string;
  /** An S3-compatible endpoint (addressed path-style), such as `frugal emulator`'s; AWS when absent. */
  endpoint?: string;
  /** Static credentials; the SDK's default provider chain when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export async function createS3Client(settings: S3Settings): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk();
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint !== undefined && { endpoint: settings.endpoint, forcePathStyle: true }),
    ...(settings.credentials !== undefined && { credentials: settings.credentials }),
    ...(settings.maxAttempts !== undefined && { maxAttempts: settings.maxAttempts }),
  });
}

export interface LazyS3Client {
  /** The thread's client, made on first use; without settings, an error saying S3 needs them. */
  get: GetS3Client;
  destroy(): void;
}

/** One S3 client per thread (the main thread's, each worker's), made only if something is in S3. */
export function createLazyS3Client(settings: S3Settings | undefined): LazyS3Client {
  let client: Promise<S3Client> | undefined;
  return {
    get() {
      if (settings === undefined) return Promise.reject(new Error('reading s3:// files needs S3 settings (a region, and an endpoint for an S3-compatible store)'));
      client ??= createS3Client(settings);
      return client;
    },
    destroy() {
      void client?.then((made) => made.destroy(), () => undefined);
    },
  };
}
