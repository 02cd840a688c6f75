import type { Context, Env, Hono } from 'hono';
import { FrugalError } from '../../core/index.js';
import type { ObjectStore } from './object-store.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets, listObjects } from './s3-bucket-handlers.js';
import { S3Error } from './s3-error.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from './s3-multipart-handlers.js';
import { deleteObject, getObject, headObject, notImplemented, putObject } from './s3-object-handlers.js';
import { type S3Request, errorResponse, newRequestId } from './s3-request.js';

export interface S3RoutesOptions {
  store: ObjectStore;
  /**
   * Where S3 is served. The S3 SDK keeps an endpoint's path, so clients use
   * `endpoint: 'http://127.0.0.1:4010/s3', forcePathStyle: true` and every call arrives as
   * `/s3/<bucket>/<key>`, clear of Bedrock's `/model/...` and `/model-invocation-job...` routes.
   */
  basePath?: string;
}

export const defaultS3BasePath = '/s3';

// Sub-resources that select another S3 operation than the plain verb on a bucket or key.
const unsupportedSubresources = ['delete', 'acl', 'tagging', 'versioning', 'policy', 'cors', 'lifecycle', 'versions'];

/** Serves a path-style S3 subset under `basePath` on an existing Hono app. */
export function registerS3Routes<E extends Env>(app: Hono<E>, options: S3RoutesOptions): void {
  const basePath = (options.basePath ?? defaultS3BasePath).replace(/\/+$/, '');
  const handle = async (context: Context<E>): Promise<Response> => {
    const method = context.req.method;
    const requestId = newRequestId();
    try {
      return await dispatch(toS3Request(context, basePath, options.store, requestId));
    } catch (error) {
      if (error instanceof S3Error) return errorResponse({ method, requestId }, error);
      const message = FrugalError.isInstance(error) || error instanceof Error ? error.message : String(error);
      return errorResponse({ method, requestId }, new S3Error('InternalError', 500, `The emulator's S3 store failed: ${message}`));
    }
  };
  app.all(basePath, handle);
  app.all(`${basePath}/*`, handle);
}

function toS3Request<E extends Env>(context: Context<E>, basePath: string, store: ObjectStore, requestId: string): S3Request {
  // Split the raw (still percent-encoded) path ourselves: keys may hold "%2F", "+" or spaces.
  const url = new URL(context.req.url);
  const [rawBucket = '', ...rawKey] = url.pathname.slice(basePath.length).replace(/^\//, '').split('/');
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new S3Error('InvalidURI', 400, `Couldn't parse the specified URI segment "${part}".`);
    }
  };
  return {
    method: context.req.method,
    bucket: decode(rawBucket),
    key: rawKey.map(decode).join('/'),
    query: url.searchParams,
    headers: context.req.raw.headers,
    body: async () => new Uint8Array(await context.req.arrayBuffer()),
    store,
    requestId,
  };
}

async function dispatch(request: S3Request): Promise<Response> {
  const { method, bucket, key, query } = request;
  const unsupported = unsupportedSubresources.find((name) => query.has(name));
  if (unsupported !== undefined) throw notImplemented(`The "?${unsupported}" operation`);
  if (key !== '' && (query.has('uploads') || query.has('uploadId'))) return dispatchMultipart(request);
  // ListMultipartUploads on a bucket.
  if (query.has('uploads')) throw notImplemented('The "?uploads" operation on a bucket');
  if (bucket === '') {
    if (method === 'GET') return listBuckets(request);
    throw methodNotAllowed(method);
  }
  if (key === '') {
    switch (method) {
      case 'PUT':
        return createBucket(request);
      case 'HEAD':
        return headBucket(request);
      case 'DELETE':
        return deleteBucket(request);
      case 'GET':
        return query.has('location') ? getBucketLocation(request) : listObjects(request);
      default:
        throw methodNotAllowed(method);
    }
  }
  switch (method) {
    case 'PUT':
      return putObject(request);
    case 'GET':
      return getObject(request);
    case 'HEAD':
      return headObject(request);
    case 'DELETE':
      return deleteObject(request);
    default:
      throw methodNotAllowed(method);
  }
}

/** Multipart upload on a key: create (`?uploads`), upload a part, complete, abort. ListParts is not served. */
function dispatchMultipart(request: S3Request): Promise<Response> {
  const { method, query } = request;
  if (method === 'POST' && query.has('uploads')) return createMultipartUpload(request);
  if (method === 'PUT' && query.has('partNumber') && !request.headers.has('x-amz-copy-source')) return uploadPart(request);
  if (method === 'POST') return completeMultipartUpload(request);
  if (method === 'DELETE') return abortMultipartUpload(request);
  throw notImplemented(`${method} with "?uploadId" (ListParts, UploadPartCopy)`);
}

const methodNotAllowed = (method: string): S3Error =>
  new S3Error('MethodNotAllowed', 405, `The specified method (${method}) is not allowed against this resource.`);
