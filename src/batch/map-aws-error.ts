import { FrugalError, InvalidArgumentError, UnavailableError } from '../core/index.js';

/** Errors whose fix is in the user's hands (a flag, a bucket, a role), reported with exit code 2. */
const userFixable = new Set(['ValidationException', 'NoSuchBucket', 'AccessDeniedException', 'AccessDenied', 'ResourceNotFoundException', 'ConflictException', 'InvalidBucketName']);

/**
 * An AWS SDK error as a FrugalError that says what was being done and what to try. Anything that
 * is not an SDK service error (a bug, a FrugalError) passes through unchanged.
 */
export function mapAwsError(error: unknown, doing: string, hint?: string): unknown {
  if (FrugalError.isInstance(error) || !(error instanceof Error)) return error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  const name = error.name;
  const message = `${doing} failed: ${name}: ${error.message}${hint === undefined ? '' : ` ${hint}`}`;
  if (userFixable.has(name)) return new InvalidArgumentError('aws', message, { cause: error });
  if (metadata !== undefined || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket|network/i.test(error.message)) {
    return new UnavailableError(`${message} Check the endpoint and your network; re-running continues where this stopped.`, { cause: error, isRetryable: true });
  }
  return error;
}
