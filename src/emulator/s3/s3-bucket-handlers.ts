import { z } from 'zod';
import { listObjectsPage } from './list-objects-page.js';
import { S3Error } from './s3-error.js';
import { type S3Request, emptyResponse, xmlResponse } from './s3-request.js';
import { type XmlElement, el, xmlDocument } from './s3-xml.js';

// Bucket naming rules S3 enforces (general purpose buckets), minus the rarely hit special cases.
const bucketNamePattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export async function createBucket(request: S3Request): Promise<Response> {
  if (!bucketNamePattern.test(request.bucket) || request.bucket.includes('..')) {
    throw new S3Error('InvalidBucketName', 400, 'The specified bucket is not valid: use 3-63 lower-case letters, digits, dots and hyphens.', request.bucket);
  }
  // Creating a bucket you already own succeeds, as it does in us-east-1, so set-up scripts can re-run.
  await request.store.createBucket(request.bucket);
  return emptyResponse(request, 200, { location: `/${request.bucket}` });
}

export async function headBucket(request: S3Request): Promise<Response> {
  if (!(await request.store.hasBucket(request.bucket))) {
    throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist.', request.bucket);
  }
  return emptyResponse(request, 200, { 'x-amz-bucket-region': 'us-east-1' });
}

export async function deleteBucket(request: S3Request): Promise<Response> {
  await request.store.deleteBucket(request.bucket);
  return emptyResponse(request, 204);
}

export async function getBucketLocation(request: S3Request): Promise<Response> {
  await headBucket(request);
  // An empty LocationConstraint means us-east-1.
  return xmlResponse(request, xmlDocument('LocationConstraint', []));
}

export async function listBuckets(request: S3Request): Promise<Response> {
  const buckets = await request.store.listBuckets();
  return xmlResponse(
    request,
    xmlDocument('ListAllMyBucketsResult', [
      el('Owner', [el('ID', 'frugal-emulator'), el('DisplayName', 'frugal-emulator')]),
      el(
        'Buckets',
        buckets.map((bucket) => el('Bucket', [el('Name', bucket.name), el('CreationDate', bucket.created.toISOString())])),
      ),
    ]),
  );
}

const listQuerySchema = z.object({
  'list-type': z.enum(['2']).optional(),
  prefix: z.string().default(''),
  delimiter: z.string().optional(),
  'max-keys': z.coerce.number().int().min(0).default(1000),
  'continuation-token': z.string().optional(),
  'start-after': z.string().optional(),
  marker: z.string().optional(),
  'encoding-type': z.enum(['url']).optional(),
});

/** ListObjectsV2 (`list-type=2`), and the original ListObjects that older tools still send. */
export async function listObjects(request: S3Request): Promise<Response> {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new S3Error('InvalidArgument', 400, `Invalid ${String(issue?.path[0] ?? 'argument')}: ${issue?.message ?? 'bad value'}.`);
  }
  const query = parsed.data;
  const v2 = query['list-type'] === '2';
  const tokenPosition = query['continuation-token'] === undefined ? undefined : decodeToken(query['continuation-token']);
  const after = v2 ? (tokenPosition ?? query['start-after']) : query.marker;
  const maxKeys = Math.min(query['max-keys'], 1000);

  const objects = await request.store.listObjects(request.bucket, query.prefix);
  const page = listObjectsPage(objects, {
    prefix: query.prefix,
    maxKeys,
    ...(query.delimiter !== undefined && { delimiter: query.delimiter }),
    ...(after !== undefined && { after }),
  });

  // With encoding-type=url, S3 percent-encodes every key-like value so any byte survives XML.
  const encode = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : query['encoding-type'] === 'url' ? encodeURIComponent(value) : value;
  const contents: XmlElement[] = page.contents.map((object) =>
    el('Contents', [
      el('Key', encode(object.key)),
      el('LastModified', object.lastModified.toISOString()),
      el('ETag', `"${object.etag}"`),
      el('Size', object.size),
      el('StorageClass', 'STANDARD'),
    ]),
  );
  const prefixes = page.commonPrefixes.map((prefix) => el('CommonPrefixes', [el('Prefix', encode(prefix))]));
  const next = page.isTruncated && page.lastPosition !== undefined ? page.lastPosition : undefined;

  const head: XmlElement[] = [
    el('Name', request.bucket),
    el('Prefix', encode(query.prefix)),
    el('Delimiter', encode(query.delimiter)),
    el('MaxKeys', maxKeys),
    el('EncodingType', query['encoding-type']),
    el('IsTruncated', page.isTruncated),
  ];
  const paging: XmlElement[] = v2
    ? [
        el('KeyCount', page.contents.length + page.commonPrefixes.length),
        el('ContinuationToken', query['continuation-token']),
        el('NextContinuationToken', next === undefined ? undefined : encodeToken(next)),
        el('StartAfter', encode(query['start-after'])),
      ]
    : [el('Marker', encode(query.marker ?? '')), el('NextMarker', query.delimiter === undefined ? undefined : encode(next))];
  return xmlResponse(request, xmlDocument('ListBucketResult', [...head, ...paging, ...contents, ...prefixes]));
}

// Continuation tokens are opaque to clients; ours carry the position to resume after.
const encodeToken = (position: string): string => Buffer.from(JSON.stringify({ after: position }), 'utf8').toString('base64url');

function decodeToken(token: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const parsed = z.object({ after: z.string() }).parse(value);
    return parsed.after;
  } catch {
    throw new S3Error('InvalidArgument', 400, 'The continuation token provided is incorrect. Pass NextContinuationToken from the previous page unchanged.');
  }
}
