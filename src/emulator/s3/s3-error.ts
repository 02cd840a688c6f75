import { FrugalError } from '../../core/index.js';

/**
 * An S3 error as the wire shows it: HTTP status, S3 error code and the resource it concerns.
 * The routes render it as S3's XML `<Error>` document, which the S3 SDK turns into a typed
 * exception (`NoSuchKey`, `NoSuchBucket`, ...).
 */
export class S3Error extends FrugalError {
  readonly s3Code: string;
  readonly status: number;
  readonly resource: string | undefined;

  constructor(s3Code: string, status: number, message: string, resource?: string) {
    super('REQUEST_REJECTED', message);
    this.name = 'S3Error';
    this.s3Code = s3Code;
    this.status = status;
    this.resource = resource;
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error('NoSuchBucket', 404, `The specified bucket does not exist. Create it first (CreateBucket "${bucket}").`, bucket);

export const noSuchKey = (key: string): S3Error =>
  new S3Error('NoSuchKey', 404, 'The specified key does not exist.', key);
