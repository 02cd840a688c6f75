import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
  UploadPartCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store.js';
import { openObjectStore } from './open-object-store.js';
import { registerS3Routes } from './register-s3-routes.js';

type Server = ReturnType<typeof serve>;

async function start(store: ObjectStore): Promise<{ server: Server; endpoint: string }> {
  const app = new Hono();
  registerS3Routes(app, { store });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ server, endpoint: `http://127.0.0.1:${info.port}/s3` });
    });
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

const clientFor = (endpoint: string): S3Client =>
  new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

describe('emulator S3 store through @aws-sdk/client-s3', () => {
  let server: Server;
  let s3: S3Client;

  beforeAll(async () => {
    const started = await start(await openObjectStore());
    server = started.server;
    s3 = clientFor(started.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
  });
  afterAll(async () => {
    s3.destroy();
    await close(server);
  });

  it('puts, heads, gets and deletes an object with its ETag, length, type and metadata', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json', Body: '{"x":1}', ContentType: 'application/json', Metadata: { owner: 'me' } }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update('{"x":1}').digest('hex')}"`);

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
    expect(head).toMatchObject({ ContentLength: 7, ContentType: 'application/json', ETag: put.ETag, Metadata: { owner: 'me' } });

    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
    expect(await got.Body?.transformToString()).toBe('{"x":1}');
    expect(got.ETag).toBe(put.ETag);

    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json', Range: 'bytes=1-3' }));
    expect(await ranged.Body?.transformToString()).toBe('"x"');
    expect(ranged.ContentRange).toBe('bytes 1-3/7');

    await s3.send(new DeleteObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }))).rejects.toBeInstanceOf(NoSuchKey);
  });

  it('copies an object, keeping its metadata unless told to replace it', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'copy/source.txt', Body: 'original', ContentType: 'text/plain', Metadata: { owner: 'ops' } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: 'data', Key: 'copy/same meta.txt', CopySource: 'data/copy/source.txt' }));
    expect(copied.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('original').digest('hex')}"`);
    const same = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'copy/same meta.txt' }));
    expect([await same.Body?.transformToString(), same.ContentType, same.Metadata]).toEqual(['original', 'text/plain', { owner: 'ops' }]);
    await s3.send(new CopyObjectCommand({ Bucket: 'data', Key: 'copy/replaced.txt', CopySource: 'data/copy/source.txt', MetadataDirective: 'REPLACE', Metadata: { owner: 'finance' } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'copy/replaced.txt' }))).Metadata).toEqual({ owner: 'finance' });
    await expect(s3.send(new CopyObjectCommand({ Bucket: 'data', Key: 'copy/x', CopySource: 'data/copy/missing' }))).rejects.toBeInstanceOf(NoSuchKey);
  });

  it('assembles a multipart upload from the parts the completion lists, and forgets an aborted one', async () => {
    const part = (fill: string): Buffer => Buffer.alloc(5 * 1024 * 1024, fill);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'data', Key: 'multi/big.jsonl', ContentType: 'application/x-ndjson' }));
    const etags: string[] = [];
    for (const [index, fill] of ['a', 'b', 'c'].entries()) {
      etags.push((await s3.send(new UploadPartCommand({ Bucket: 'data', Key: 'multi/big.jsonl', UploadId, PartNumber: index + 1, Body: index === 2 ? Buffer.from('tail') : part(fill) }))).ETag ?? '');
    }
    // A part uploaded again replaces the first copy.
    etags[1] = (await s3.send(new UploadPartCommand({ Bucket: 'data', Key: 'multi/big.jsonl', UploadId, PartNumber: 2, Body: part('B') }))).ETag ?? '';
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'data', Key: 'multi/big.jsonl', UploadId, MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'multi/big.jsonl' }));
    const body = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(body.equals(Buffer.concat([part('a'), part('B'), Buffer.from('tail')]))).toBe(true);
    expect(got.ContentType).toBe('application/x-ndjson');
    // Completed: the upload is gone.
    await expect(s3.send(new UploadPartCommand({ Bucket: 'data', Key: 'multi/big.jsonl', UploadId, PartNumber: 4, Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchUpload' });

    const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'data', Key: 'multi/aborted' }));
    const stale = await s3.send(new UploadPartCommand({ Bucket: 'data', Key: 'multi/aborted', UploadId: aborted.UploadId, PartNumber: 1, Body: 'x' }));
    // A completion naming a part with another ETag is refused.
    await expect(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'data', Key: 'multi/aborted', UploadId: aborted.UploadId, MultipartUpload: { Parts: [{ ETag: '"0000"', PartNumber: 1 }] } })),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    expect(stale.ETag).toBe(`"${createHash('md5').update('x').digest('hex')}"`);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'data', Key: 'multi/aborted', UploadId: aborted.UploadId }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'multi/aborted' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'data', Key: 'multi/aborted', UploadId: aborted.UploadId, MultipartUpload: { Parts: [{ ETag: stale.ETag, PartNumber: 1 }] } })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('stores streamed uploads (the SDK frames them aws-chunked with a trailing checksum)', async () => {
    const body = Readable.from([Buffer.from('line 1\n'), Buffer.from('line 2\n')]);
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'streamed.jsonl', Body: body, ContentLength: 14 }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'streamed.jsonl' }));
    expect(await got.Body?.transformToString()).toBe('line 1\nline 2\n');
  });

  it('lists with prefix, delimiter and continuation tokens', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['in/a.jsonl', 'in/b.jsonl', 'in/sub/c.jsonl', 'in/sub/d.jsonl', 'in/z.txt', 'out/x'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));

    const folder = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'in/', Delimiter: '/' }));
    expect(folder.Contents?.map((object) => object.Key)).toEqual(['in/a.jsonl', 'in/b.jsonl', 'in/z.txt']);
    expect(folder.CommonPrefixes).toEqual([{ Prefix: 'in/sub/' }]);
    expect(folder).toMatchObject({ KeyCount: 4, IsTruncated: false, Prefix: 'in/', Delimiter: '/' });
    expect(folder.Contents?.[0]).toMatchObject({ Size: 10, StorageClass: 'STANDARD' });

    const paged: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: 'listing', Prefix: 'in/', Delimiter: '/' })) {
      pages += 1;
      paged.push(...(page.Contents ?? []).map((object) => object.Key ?? ''), ...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''));
    }
    expect(pages).toBe(2);
    expect(paged.sort()).toEqual(['in/a.jsonl', 'in/b.jsonl', 'in/sub/', 'in/z.txt']);

    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'in/sub/c.jsonl' }));
    expect(all.Contents?.map((object) => object.Key)).toEqual(['in/sub/d.jsonl', 'in/z.txt', 'out/x']);

    // A listing after puts and deletes sees them, in UTF-8 order (U+FF5E before U+1F600, unlike JavaScript's).
    await s3.send(new DeleteObjectCommand({ Bucket: 'listing', Key: 'in/b.jsonl' }));
    for (const key of ['in/\u{1F600}', 'in/\uFF5E', 'in/b.jsonl.gz']) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    const changed = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'in/' }));
    expect(changed.Contents?.map((object) => object.Key)).toEqual(['in/a.jsonl', 'in/b.jsonl.gz', 'in/sub/c.jsonl', 'in/sub/d.jsonl', 'in/z.txt', 'in/\uFF5E', 'in/\u{1F600}']);
  });

  it('answers S3 XML errors the SDK types: NoSuchBucket, NoSuchKey, NotFound on HEAD', async () => {
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'missing' }))).rejects.toBeInstanceOf(NoSuchBucket);
    const error = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'nope' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoSuchKey);
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(404);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'missing' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'nope' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' }))).rejects.toMatchObject({ name: 'InvalidBucketName' });
  });

  it('lists buckets', async () => {
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(expect.arrayContaining(['data', 'listing']));
  });
});

describe('emulator S3 store persistence', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'frugal-s3-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps buckets and objects in a directory across restarts', async () => {
    const first = await start(await openObjectStore({ directory }));
    const writer = clientFor(first.endpoint);
    await writer.send(new CreateBucketCommand({ Bucket: 'kept' }));
    const put = await writer.send(new PutObjectCommand({ Bucket: 'kept', Key: 'deep/../odd:key/', Body: 'persisted' }));
    writer.destroy();
    await close(first.server);

    const second = await start(await openObjectStore({ directory }));
    const reader = clientFor(second.endpoint);
    try {
      const got = await reader.send(new GetObjectCommand({ Bucket: 'kept', Key: 'deep/../odd:key/' }));
      expect(await got.Body?.transformToString()).toBe('persisted');
      expect(got.ETag).toBe(put.ETag);
    } finally {
      reader.destroy();
      await close(second.server);
    }
  });
});
