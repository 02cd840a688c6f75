import { randomUUID } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import type { S3Error } from './s3-error.js';
import { xmlDocument, el } from './s3-xml.js';

/** One S3 call after path-style addressing is taken apart: `<basePath>/<bucket>/<key>`. */
export interface S3Request {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: Headers;
  body(): Promise<Uint8Array>;
  store: ObjectStore;
  requestId: string;
}

export const newRequestId = (): string => randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();

export function xmlResponse(request: S3Request, xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': request.requestId } });
}

export function emptyResponse(request: S3Request, status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { 'x-amz-request-id': request.requestId, ...headers } });
}

/** S3's `<Error>` document. HEAD responses carry no body, so the SDK maps those by status alone. */
export function errorResponse(request: Pick<S3Request, 'method' | 'requestId'>, error: S3Error): Response {
  const headers = { 'x-amz-request-id': request.requestId };
  if (request.method === 'HEAD') return new Response(null, { status: error.status, headers });
  const xml = xmlDocument(
    'Error',
    [
      el('Code', error.s3Code),
      el('Message', error.message),
      el(error.s3Code === 'NoSuchKey' ? 'Key' : error.s3Code.includes('Bucket') ? 'BucketName' : 'Resource', error.resource),
      el('RequestId', request.requestId),
    ],
    false,
  );
  return new Response(xml, { status: error.status, headers: { ...headers, 'content-type': 'application/xml' } });
}
