import { FrugalError, type FrugalErrorCode } from '../core/index.js';

/** The Bedrock Runtime and control-plane exceptions the emulator sends, with the HTTP status the SDK expects for each. */
export const awsErrorStatus = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 400,
  ModelTimeoutException: 408,
  ModelStreamErrorException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;
export type AwsErrorType = keyof typeof awsErrorStatus;

const frugalCodes: Record<AwsErrorType, FrugalErrorCode> = {
  ValidationException: 'REQUEST_REJECTED',
  AccessDeniedException: 'ACCESS_DENIED',
  ResourceNotFoundException: 'UNKNOWN_MODEL',
  UnknownOperationException: 'REQUEST_REJECTED',
  ConflictException: 'REQUEST_REJECTED',
  ServiceQuotaExceededException: 'REQUEST_REJECTED',
  ModelTimeoutException: 'TIMEOUT',
  ModelStreamErrorException: 'STREAM_INTERRUPTED',
  ThrottlingException: 'THROTTLED',
  InternalServerException: 'PROVIDER_ERROR',
  ServiceUnavailableException: 'SERVICE_UNAVAILABLE',
};
const retryable = new Set<AwsErrorType>(['ModelTimeoutException', 'ModelStreamErrorException', 'ThrottlingException', 'InternalServerException', 'ServiceUnavailableException']);

/**
 * An error the emulator answers with, in the project's one error hierarchy. `awsType` is what
 * the AWS SDK turns into a named exception class (`ThrottlingException`, ...).
 */
export class EmulatorApiError extends FrugalError {
  readonly awsType: AwsErrorType;
  readonly status: number;
  /** Extra response headers, e.g. `Retry-After` on throttling. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(awsType: AwsErrorType, message: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(frugalCodes[awsType], message, { isRetryable: retryable.has(awsType), cause: options.cause });
    this.name = 'EmulatorApiError';
    this.awsType = awsType;
    this.status = awsErrorStatus[awsType];
    this.headers = options.headers ?? {};
  }
}

/** A request the caller must fix: Bedrock's ValidationException. */
export function validationError(message: string): EmulatorApiError {
  return new EmulatorApiError('ValidationException', message);
}

/**
 * The HTTP form of an error, as Bedrock sends it: status, `x-amzn-ErrorType` (the SDK reads the
 * exception name from it) and a JSON body with `message`. Anything that is not an
 * EmulatorApiError is an emulator bug and goes out as InternalServerException.
 */
export function createAwsErrorResponse(error: unknown, requestId: string): Response {
  const apiError = error instanceof EmulatorApiError
    ? error
    : new EmulatorApiError('InternalServerException', `The emulator failed: ${error instanceof Error ? error.message : String(error)}`);
  return new Response(JSON.stringify({ message: apiError.message }), {
    status: apiError.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${apiError.awsType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': requestId,
      'x-frugal-simulated': 'true',
      ...apiError.headers,
    },
  });
}
