import { createHash } from 'node:crypto';
import { decodeAwsChunked, isAwsChunked } from './decode-aws-chunked.js';
import type { ObjectInfo, PutObjectOptions } from './object-store.js';
import { S3Error, noSuchKey } from './s3-error.js';
import { type S3Request, emptyResponse, xmlResponse } from './s3-request.js';
import { el, xmlDocument } from './s3-xml.js';

const metaPrefix = 'x-amz-meta-';

/** A PutObject or UploadPart body: `aws-chunked` decoded, its Content-MD5 checked. */
export async function readPutBody(request: S3Request): Promise<Uint8Array> {
  const raw = await request.body();
  const body = isAwsChunked(request.headers) ? decodeAwsChunked(raw) : raw;
  const md5 = request.headers.get('content-md5');
  if (md5 !== null && createHash('md5').update(body).digest('base64') !== md5) {
    throw new S3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received. Resend the object.');
  }
  return body;
}

/** Content type and user metadata (`x-amz-meta-*`) as a write request gives them. */
export function readPutOptions(headers: Headers): PutObjectOptions {
  const metadata: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith(metaPrefix)) metadata[name.slice(metaPrefix.length)] = value;
  });
  const contentType = headers.get('content-type');
  return { metadata, ...(contentType !== null && { contentType }) };
}

export async function putObject(request: S3Request): Promise<Response> {
  if (request.headers.has('x-amz-copy-source')) return copyObject(request);
  const info = await request.store.putObject(request.bucket, request.key, await readPutBody(request), readPutOptions(request.headers));
  return emptyResponse(request, 200, { etag: `"${info.etag}"` });
}

/** CopyObject: `x-amz-copy-source` is `[/]bucket/key`, percent-encoded; metadata copied unless the directive is REPLACE. */
async function copyObject(request: S3Request): Promise<Response> {
  const source = decodeURIComponent((request.headers.get('x-amz-copy-source') ?? '').replace(/^\//, '').split('?')[0] ?? '');
  const slash = source.indexOf('/');
  const sourceBucket = slash < 0 ? source : source.slice(0, slash);
  const sourceKey = slash < 0 ? '' : source.slice(slash + 1);
  const object = await request.store.getObject(sourceBucket, sourceKey);
  if (object === undefined) throw noSuchKey(sourceKey);
  const replace = request.headers.get('x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
  const info = await request.store.putObject(request.bucket, request.key, object.body, replace ? readPutOptions(request.headers) : { contentType: object.contentType, metadata: object.metadata });
  return xmlResponse(request, xmlDocument('CopyObjectResult', [el('ETag', `"${info.etag}"`), el('LastModified', info.lastModified.toISOString())]));
}

export async function headObject(request: S3Request): Promise<Response> {
  const info = await request.store.headObject(request.bucket, request.key);
  if (info === undefined) throw noSuchKey(request.key);
  return emptyResponse(request, 200, { ...objectHeaders(info), 'content-length': String(info.size) });
}

export async function getObject(request: S3Request): Promise<Response> {
  const object = await request.store.getObject(request.bucket, request.key);
  if (object === undefined) throw noSuchKey(request.key);
  const headers = { 'x-amz-request-id': request.requestId, ...objectHeaders({ ...object, size: object.body.byteLength }) };
  const range = parseRange(request.headers.get('range'), object.body.byteLength);
  if (range === undefined) {
    return new Response(Buffer.from(object.body), { status: 200, headers: { ...headers, 'content-length': String(object.body.byteLength) } });
  }
  const slice = object.body.subarray(range.start, range.end + 1);
  return new Response(Buffer.from(slice), {
    status: 206,
    headers: {
      ...headers,
      'content-length': String(slice.byteLength),
      'content-range': `bytes ${range.start}-${range.end}/${object.body.byteLength}`,
    },
  });
}

export async function deleteObject(request: S3Request): Promise<Response> {
  await request.store.deleteObject(request.bucket, request.key);
  return emptyResponse(request, 204);
}

function objectHeaders(info: ObjectInfo): Record<string, string> {
  const headers: Record<string, string> = {
    etag: `"${info.etag}"`,
    'last-modified': info.lastModified.toUTCString(),
    'content-type': info.contentType,
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(info.metadata)) headers[`${metaPrefix}${name}`] = value;
  return headers;
}

/** One `bytes=` range (first-last, first-, or -suffix). Multiple ranges are not served, as in S3. */
function parseRange(header: string | null, size: number): { start: number; end: number } | undefined {
  if (header === null) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error('InvalidRange', 416, `The requested range "${header}" is not satisfiable: the object has ${size} bytes.`);
  }
  return { start, end };
}

export const notImplemented = (operation: string): S3Error =>
  new S3Error('NotImplemented', 501, `${operation} is not implemented by the frugal emulator's S3 store (it serves PutObject, CopyObject, GetObject, HeadObject, DeleteObject, multipart upload, ListObjects(V2) and bucket create/head/delete/list).`);
