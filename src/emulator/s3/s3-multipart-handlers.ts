import { createHash, randomUUID } from 'node:crypto';
import type { ObjectStore, PutObjectOptions } from './object-store.js';
import { S3Error } from './s3-error.js';
import { type S3Request, emptyResponse, xmlResponse } from './s3-request.js';
import { el, xmlDocument } from './s3-xml.js';
import { readPutBody, readPutOptions } from './s3-object-handlers.js';

/** An upload between CreateMultipartUpload and Complete/Abort: kept in memory, lost on restart. */
interface Upload {
  bucket: string;
  key: string;
  options: PutObjectOptions;
  parts: Map<number, { body: Uint8Array; etag: string }>;
}

const uploadsByStore = new WeakMap<ObjectStore, Map<string, Upload>>();

function uploadsOf(store: ObjectStore): Map<string, Upload> {
  let uploads = uploadsByStore.get(store);
  if (uploads === undefined) {
    uploads = new Map();
    uploadsByStore.set(store, uploads);
  }
  return uploads;
}

function uploadOf(request: S3Request): { id: string; upload: Upload } {
  const id = request.query.get('uploadId') ?? '';
  const upload = uploadsOf(request.store).get(id);
  if (upload === undefined || upload.bucket !== request.bucket || upload.key !== request.key) {
    throw new S3Error('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', id);
  }
  return { id, upload };
}

export async function createMultipartUpload(request: S3Request): Promise<Response> {
  if (!(await request.store.hasBucket(request.bucket))) throw new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist.', request.bucket);
  const id = randomUUID().replace(/-/g, '');
  uploadsOf(request.store).set(id, { bucket: request.bucket, key: request.key, options: readPutOptions(request.headers), parts: new Map() });
  return xmlResponse(request, xmlDocument('InitiateMultipartUploadResult', [el('Bucket', request.bucket), el('Key', request.key), el('UploadId', id)]));
}

export async function uploadPart(request: S3Request): Promise<Response> {
  const { upload } = uploadOf(request);
  const partNumber = Number(request.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) throw new S3Error('InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive.');
  const body = await readPutBody(request);
  const etag = createHash('md5').update(body).digest('hex');
  upload.parts.set(partNumber, { body, etag });
  return emptyResponse(request, 200, { etag: `"${etag}"` });
}

/** The parts a CompleteMultipartUpload body names, in its order. */
function readCompletedParts(xml: string): { partNumber: number; etag: string }[] {
  const parts: { partNumber: number; etag: string }[] = [];
  for (const [, part = ''] of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const partNumber = Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(part)?.[1]);
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(part)?.[1]?.replaceAll('&quot;', '"').replaceAll('"', '').trim() ?? '';
    parts.push({ partNumber, etag });
  }
  return parts;
}

export async function completeMultipartUpload(request: S3Request): Promise<Response> {
  const { id, upload } = uploadOf(request);
  const listed = readCompletedParts(Buffer.from(await request.body()).toString('utf8'));
  if (listed.length === 0) throw new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema: it lists no parts.');
  const bodies: Uint8Array[] = [];
  let previous = 0;
  for (const { partNumber, etag } of listed) {
    if (partNumber <= previous) throw new S3Error('InvalidPartOrder', 400, 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
    previous = partNumber;
    const part = upload.parts.get(partNumber);
    if (part === undefined || (etag !== '' && etag !== part.etag)) {
      throw new S3Error('InvalidPart', 400, `One or more of the specified parts could not be found (part ${partNumber}): it was not uploaded, or its ETag does not match.`);
    }
    bodies.push(part.body);
  }
  const info = await request.store.putObject(request.bucket, request.key, Buffer.concat(bodies), upload.options);
  uploadsOf(request.store).delete(id);
  return xmlResponse(
    request,
    xmlDocument('CompleteMultipartUploadResult', [el('Location', `/${request.bucket}/${request.key}`), el('Bucket', request.bucket), el('Key', request.key), el('ETag', `"${info.etag}"`)]),
  );
}

export async function abortMultipartUpload(request: S3Request): Promise<Response> {
  const { id } = uploadOf(request);
  uploadsOf(request.store).delete(id);
  return emptyResponse(request, 204);
}
