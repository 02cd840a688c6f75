/**
 * S3 listing benchmark: how long `frugal ingest s3://...` takes to list a log bucket before it
 * reads anything. The emulator's S3 store, in a process of its own on loopback, holds a Bedrock
 * log bucket (Regions × days × 24 hours × files per hour, the layout AWS writes) and answers each
 * request after a delay standing for S3's round trip. Timed side by side, in rotated order: one
 * ListObjectsV2 listing page after page (how frugal listed before), and `listS3Objects` (folders
 * split and listed side by side).
 *
 *   npm run bench:s3-listing                         # 5 Regions × 365 days × 24 hours × 2 files, 50 ms a request
 *   npm run bench:s3-listing -- --regions 1 --days 90 --latency 20 --rounds 3
 *
 * Not part of the test suite; nothing leaves the machine.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openObjectStore, registerS3Routes } from '../../src/emulator/s3/index.js';
import { createS3Client } from '../../src/ingest/sources/create-s3-client.js';
import { listS3Objects } from '../../src/ingest/sources/list-s3-objects.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number, got ${process.argv[index + 1]}`);
  return value;
}

const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-2', 'ca-central-1', 'sa-east-1'].slice(0, Math.max(1, argument('regions', 5)));
const days = argument('days', 365);
const filesPerHour = argument('files', 2);
const latencyMs = argument('latency', 50);
const rounds = Math.max(1, argument('rounds', 3));
const bucket = 'bench-logs';
const prefix = 'AWSLogs/111122223333/BedrockModelInvocationLogs/';

if (process.argv.includes('--child')) {
  // The S3 store, filled, answering each request `latencyMs` late.
  const store = await openObjectStore();
  await store.createBucket(bucket);
  const body = new Uint8Array(0);
  const start = Date.UTC(2026, 0, 1);
  for (const region of regions) {
    for (let day = 0; day < days; day += 1) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '/');
      for (let hour = 0; hour < 24; hour += 1) {
        for (let file = 0; file < filesPerHour; file += 1) await store.putObject(bucket, `${prefix}${region}/${date}/${String(hour).padStart(2, '0')}/111122223333_BedrockModelInvocationLogs_${region}_${file}.json.gz`, body);
      }
    }
  }
  const app = new Hono();
  app.use('*', async (_c, next) => {
    await sleep(latencyMs);
    await next();
  });
  registerS3Routes(app, { store });
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => console.log(`listening http://127.0.0.1:${info.port}/s3`));
} else {
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, ...process.argv.slice(2), '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match !== null) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`the S3 store exited (${code})`)));
  });
  let requests = 0;
  const s3 = await createS3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  s3.middlewareStack.add(
    (next) => (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  /** One listing, page after page: each page's token comes with the page before. */
  const listOneByOne = async (client: S3Client): Promise<number> => {
    let count = 0;
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'AWSLogs/', ContinuationToken: token }));
      count += page.Contents?.length ?? 0;
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return count;
  };
  const contenders = [
    { name: 'one listing, page after page', run: listOneByOne },
    { name: 'listS3Objects (folders side by side)', run: async (client: S3Client) => (await listS3Objects(client, bucket, 'AWSLogs/')).length },
  ];
  const results = new Map(contenders.map((contender) => [contender.name, [] as { ms: number; objects: number; requests: number }[]]));
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const contender of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        requests = 0;
        const started = performance.now();
        const objects = await contender.run(s3);
        results.get(contender.name)?.push({ ms: performance.now() - started, objects, requests });
      }
    }
  } finally {
    s3.destroy();
    child.kill();
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  console.log(`${regions.length} Regions × ${days} days × 24 hours × ${filesPerHour} files, ${latencyMs} ms a request, ${rounds} rounds (median):`);
  for (const [name, runs] of results) {
    console.log(`  ${name}: ${(median(runs.map((run) => run.ms)) / 1000).toFixed(2)} s, ${runs[0]?.objects.toLocaleString('en-US')} objects, ${runs[0]?.requests} requests (runs: ${runs.map((run) => `${(run.ms / 1000).toFixed(2)} s`).join(', ')})`);
  }
  const [sequential, split] = [...results.values()].map((runs) => median(runs.map((run) => run.ms))) as [number, number];
  console.log(`listS3Objects / one listing: ${(split / sequential).toFixed(2)}x the time (${(sequential / split).toFixed(1)}x quicker)`);
}
