import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ObjectStore, openObjectStore, registerS3Routes } from '../../emulator/s3/index.js';
import { createS3Client } from './create-s3-client.js';
import { listS3Objects } from './list-s3-objects.js';
import { listSourceFiles } from './list-source-files.js';

const bucket = 'logs';
const logs = 'AWSLogs/111122223333/BedrockModelInvocationLogs/';
const two = (value: number): string => String(value).padStart(2, '0');

// A Bedrock log bucket in small: two Regions, twelve months of four days of 24 hours of six files
// (576 a month, so the first page of 1,000 shows month folders of about a page); beside them
// objects that sort between folders, above U+FFFF, and a folder marker.
const bedrockKeys = [
  ...['eu-west-1', 'us-east-1'].flatMap((region) =>
    Array.from({ length: 12 }, (_, month) => month + 1).flatMap((month) =>
      ['01', '02', '03', '04'].flatMap((day) => Array.from({ length: 24 }, (_, hour) => two(hour)).flatMap((hour) => ['a', 'b', 'c', 'd', 'e', 'f'].map((file) => `${logs}${region}/2026/${two(month)}/${day}/${hour}/${file}.json.gz`))),
    ),
  ),
  `${logs}amazon-bedrock-logs-permission-check`,
  `${logs}\uFF5E.json.gz`,
  `${logs}\u{1F600}/z.json.gz`,
  `${logs}us-east-1/2026/`,
  `${logs}us-east-1/2026/06.json.gz`,
  `${logs}us-east-1/2026/06~notes.json.gz`,
  `${logs}us-east-1/2026/12/04/23/\u{1F600}.json.gz`,
  `${logs}us-east-1/2026/12/04/23/\uFF5E.json.gz`,
  `${logs}us-east-1/2026/12/04/23/\u00e9.json.gz`,
  'AWSLogs/readme.txt',
  'other/ignored.json.gz',
];
// A CloudWatch Logs export: one task folder of many small stream folders.
const exportKeys = Array.from({ length: 1200 }, (_, index) => `exports/task-1/stream-${String(index).padStart(4, '0')}/000000.gz`);
// Folders too small to list one by one (600 of one object each), and one of more than a page.
const wideKeys = [...Array.from({ length: 600 }, (_, index) => `wide/${String(index).padStart(4, '0')}/x.json.gz`), ...Array.from({ length: 1500 }, (_, index) => `wide/0300/${String(index).padStart(5, '0')}.json.gz`)];

describe('listS3Objects (emulator S3 store, through the AWS SDK)', () => {
  let server: ReturnType<typeof serve>;
  let store: ObjectStore;
  let s3: S3Client;
  // What the store saw, and how it answers: extra waits for pages after a listing's first
  // (`onwardMs`) or for folder listings (`folderMs`) decide which way of listing finishes first.
  const fresh = { requests: 0, sent: 0, onward: 0, inFlight: 0, maxInFlight: 0, onwardMs: 0, folderMs: 0, fail: (_prefix: string, _onward: boolean): boolean => false };
  const seen = { ...fresh };

  beforeAll(async () => {
    store = await openObjectStore();
    await store.createBucket(bucket);
    for (const key of [...bedrockKeys, ...exportKeys, ...wideKeys]) await store.putObject(bucket, key, new TextEncoder().encode(key));
    const app = new Hono();
    app.use('*', async (c, next) => {
      const onward = c.req.query('continuation-token') !== undefined;
      const folder = c.req.query('delimiter') !== undefined || (c.req.query('prefix') ?? '').startsWith(logs);
      seen.requests += 1;
      if (onward) seen.onward += 1;
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      try {
        await sleep(2 + (onward ? seen.onwardMs : 0) + (folder ? seen.folderMs : 0));
        if (seen.fail(c.req.query('prefix') ?? '', onward)) return c.text('boom', 500);
        await next();
      } finally {
        seen.inFlight -= 1;
      }
    });
    registerS3Routes(app, { store });
    const endpoint = await new Promise<string>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}/s3`));
    });
    s3 = await createS3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    // Requests the client starts, counted as they leave: one sent before the listing returned may
    // reach the store after it, on a busy machine.
    s3.middlewareStack.add(
      (next) => (args) => {
        seen.sent += 1;
        return next(args);
      },
      { step: 'initialize' },
    );
  });
  beforeEach(() => {
    Object.assign(seen, fresh);
  });
  afterAll(async () => {
    s3.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** What one ListObjectsV2 listing gives, page after page: the store lists keys in S3's order. */
  const flat = async (prefix: string): Promise<string[]> => (await store.listObjects(bucket, prefix)).map((object) => object.key);

  const keysOf = (objects: { Key?: string | undefined }[]): string[] => objects.map((object) => object.Key ?? '');

  it('lists a large log bucket folder by folder, side by side, in the order one listing gives', async () => {
    seen.onwardMs = 1000;
    const objects = await listS3Objects(s3, bucket, 'AWSLogs/');
    expect(keysOf(objects)).toEqual(await flat('AWSLogs/'));
    expect(objects).toHaveLength(bedrockKeys.length - 1);
    expect(objects.find((object) => object.Key === `${logs}us-east-1/2026/06.json.gz`)).toMatchObject({ Size: `${logs}us-east-1/2026/06.json.gz`.length, ETag: expect.any(String) });
    // Above U+FFFF S3's order (UTF-8 bytes) is not JavaScript's: U+FF5E before U+1F600, between a
    // folder's own objects and its subfolders as in a folder listed whole.
    expect(keysOf(objects).indexOf(`${logs}\uFF5E.json.gz`)).toBeLessThan(keysOf(objects).indexOf(`${logs}\u{1F600}/z.json.gz`));
    const lastHour = keysOf(objects).filter((key) => key.startsWith(`${logs}us-east-1/2026/12/04/23/`));
    expect(lastHour.map((key) => key.slice(key.lastIndexOf('/') + 1))).toEqual(['a.json.gz', 'b.json.gz', 'c.json.gz', 'd.json.gz', 'e.json.gz', 'f.json.gz', '\u00e9.json.gz', '\uFF5E.json.gz', '\u{1F600}.json.gz']);
    // Split down to the 24 month folders (the first page shows two), each listed whole, 16 at a
    // time beside the one listing going on from its first page, which stops once they are done.
    expect(seen.maxInFlight).toBeGreaterThan(2);
    expect(seen.maxInFlight).toBeLessThanOrEqual(17);
    expect(seen.onward).toBe(1);
    const sent = seen.sent;
    await sleep(300);
    expect(seen.sent).toBe(sent);
  });

  it('goes on with the one listing when it finishes first, and when the folders cannot be listed', async () => {
    seen.folderMs = 100;
    const all = await flat('AWSLogs/');
    expect(keysOf(await listS3Objects(s3, bucket, 'AWSLogs/'))).toEqual(all);
    // Every page after the first, and the folder listings stop once it is done.
    expect(seen.onward).toBe(Math.ceil(all.length / 1000) - 1);
    const sent = seen.sent;
    await sleep(300);
    expect(seen.sent).toBe(sent);
    Object.assign(seen, fresh, { fail: (prefix: string) => prefix.startsWith(`${logs}us-east-1/2026/07`) });
    expect(keysOf(await listS3Objects(s3, bucket, 'AWSLogs/'))).toEqual(all);
  });

  it('lists a small prefix in one request, and one without folders of a page or more as one listing', async () => {
    expect(keysOf(await listS3Objects(s3, bucket, `${logs}eu-west-1/2026/03/`))).toEqual(await flat(`${logs}eu-west-1/2026/03/`));
    expect(seen.requests).toBe(1);
    expect(keysOf(await listS3Objects(s3, bucket, 'AWSLogs/readme.txt'))).toEqual(['AWSLogs/readme.txt']);
    expect(await listS3Objects(s3, bucket, 'nothing/')).toEqual([]);

    Object.assign(seen, fresh);
    // The first page shows 301 folders: listed on, page by page (2,100 objects in three pages).
    expect(keysOf(await listS3Objects(s3, bucket, 'wide/'))).toEqual(await flat('wide/'));
    expect(seen.requests).toBe(3);

    Object.assign(seen, fresh, { onwardMs: 100 });
    // Split down to one folder: left to the listing going on, however slow (one folder request beside its second page).
    expect(keysOf(await listS3Objects(s3, bucket, 'exports/'))).toEqual(await flat('exports/'));
    expect(seen.requests).toBe(3);
  });

  it('fails when neither way can list, and listSourceFiles reports that source and reads the others', async () => {
    seen.fail = (prefix, onward) => onward || prefix.startsWith(`${logs}us-east-1/2026/07`);
    await expect(listS3Objects(s3, bucket, 'AWSLogs/')).rejects.toThrow();
    const { files, problems } = await listSourceFiles([`s3://${bucket}/AWSLogs/`, `s3://${bucket}/${logs}eu-west-1/2026/03/`], { cwd: '/', s3: async () => s3 });
    expect(problems).toEqual([{ source: `s3://${bucket}/AWSLogs/`, message: expect.any(String) }]);
    expect(files).toHaveLength(576);
    expect(files[0]).toMatchObject({ name: `s3://${bucket}/${logs}eu-west-1/2026/03/01/00/a.json.gz`, location: { kind: 's3', bucket, key: `${logs}eu-west-1/2026/03/01/00/a.json.gz` }, format: 'invocation-log' });
  });
});
