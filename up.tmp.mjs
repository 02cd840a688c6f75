import { readdirSync, readFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
const root = '/tmp/frugal-bench-ingest-100000/logs/';
const s3 = new S3Client({ endpoint: 'http://127.0.0.1:4599/s3', forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
const files = readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.gz'));
let i = 0;
await Promise.all(Array.from({ length: 16 }, async () => { while (i < files.length) { const f = files[i++]; await s3.send(new PutObjectCommand({ Bucket: 'logs', Key: f, Body: readFileSync(root + f) })); } }));
console.log('uploaded', files.length);
