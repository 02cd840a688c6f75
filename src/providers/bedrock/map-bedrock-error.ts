import {
  AccessDeniedError,
  ModelNotReadyError,
  ProviderError,
  type ProviderErrorDetails,
  ProviderTimeoutError,
  RequestRejectedError,
  ServiceUnavailableError,
  StreamInterruptedError,
  ThrottledError,
} from '../../core/index.js';
import { type HeaderSource, parseRetryAfter } from '../parse-retry-after.js';

/** The fields of an AWS SDK v3 service exception we read (they are plain properties, so no import). */
interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number; headers?: HeaderSource };
}

/** Transient network failures (retried); ENOTFOUND is here too but is not transient. */
const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ENOTFOUND']);

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * An AWS SDK / Bedrock Runtime failure to our hierarchy, with status, request id, Retry-After and
 * a message saying what to do. `phase: 'stream'` means the response stream had already opened,
 * so an unexplained failure is the stream being cut.
 */
export function mapBedrockError(error: unknown, context: { modelId: string; phase?: 'request' | 'stream'; now?: () => number }): ProviderError {
  const aws = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const status = aws.$metadata?.httpStatusCode ?? aws.$response?.statusCode;
  const details: ProviderErrorDetails = {
    provider: 'bedrock',
    modelId: context.modelId,
    status,
    requestId: aws.$metadata?.requestId,
    retryAfterMs: parseRetryAfter(aws.$response?.headers, (context.now ?? Date.now)()),
    cause: error,
  };
  const said = aws.message !== undefined && aws.message !== '' ? ` AWS said: ${aws.message}` : '';

  switch (aws.name) {
    case 'ThrottlingException':
      return new ThrottledError(`Bedrock throttled the call (requests or tokens per minute for this model).${said} Lower concurrency, use a cross-Region inference profile, or request a quota increase.`, details);
    case 'ServiceQuotaExceededException':
      return new ThrottledError(`The call exceeds a service quota for this account.${said} Check the model's quotas in Service Quotas and request an increase.`, details);
    case 'ModelTimeoutException':
      return new ProviderTimeoutError(`The model took too long to answer.${said} Retry, or lower maxTokens / shorten the input.`, details);
    case 'InternalServerException':
      return new ServiceUnavailableError(`Bedrock had an internal error.${said} Retried automatically; if it persists, check the AWS Health Dashboard.`, details);
    case 'ServiceUnavailableException':
      return new ServiceUnavailableError(`Bedrock is unavailable.${said} Retried automatically; if it persists, try another Region or profile.`, details);
    case 'ModelNotReadyException':
      return new ModelNotReadyError(`The model is not ready to serve yet.${said} It is being loaded; retry in a few seconds.`, details);
    case 'ModelStreamErrorException':
      return new StreamInterruptedError(`The model failed while streaming its response.${said}`, details);
    case 'ModelErrorException':
      return new ProviderError('PROVIDER_ERROR', `The model failed while processing the request.${said} Check the request body for this model family.`, details, false);
    case 'AccessDeniedException':
      return new AccessDeniedError(`Access denied.${said} Check the IAM policy allows bedrock:InvokeModel (and bedrock:InvokeModelWithResponseStream for streams) and that access to this model is enabled in this Region.`, details);
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'IncompleteSignatureException':
    case 'CredentialsProviderError':
      return new AccessDeniedError(`The AWS credentials were rejected or missing.${said} Refresh them (aws sso login, or set AWS_PROFILE / AWS_ACCESS_KEY_ID) and check the Region.`, details);
    case 'ValidationException':
      return new RequestRejectedError(`Bedrock rejected the request as invalid.${said} Fix the request; it is not retried.`, details);
    case 'ResourceNotFoundException':
      return new RequestRejectedError(`Model or resource not found.${said} Check the model id and Region; some models need an inference profile id (us., eu., global.).`, details);
    case 'ConflictException':
      return new RequestRejectedError(`The request conflicts with the resource's state.${said}`, details);
  }

  if (context.phase === 'stream' && aws.$metadata === undefined) {
    return new StreamInterruptedError(`The response stream was cut mid-way (${aws.name ?? 'error'}: ${aws.message ?? 'no message'}). The text so far is in the stream's snapshot(); retry for a whole answer.`, details);
  }
  const code = networkCode(error);
  if (code === 'ENOTFOUND') {
    return new ServiceUnavailableError(`Cannot resolve the Bedrock endpoint's host (${aws.message ?? code}). Check the Region and endpoint settings.`, details, false);
  }
  if (code !== undefined || aws.name === 'TimeoutError' || aws.name === 'NetworkingError') {
    return new ServiceUnavailableError(`Could not reach Bedrock (${code ?? aws.name}: ${aws.message ?? ''}). Check the network and endpoint; retried automatically.`, details);
  }
  if (status === 429) return new ThrottledError(`Bedrock throttled the call (HTTP 429).${said}`, details);
  if (status !== undefined && status >= 500) return new ServiceUnavailableError(`Bedrock failed with HTTP ${status}.${said} Retried automatically.`, details);
  if (status === 401 || status === 403) return new AccessDeniedError(`Access denied (HTTP ${status}).${said} Check credentials and IAM permissions.`, details);
  if (status !== undefined && status >= 400) return new RequestRejectedError(`Bedrock rejected the request (HTTP ${status}).${said}`, details);
  return new ProviderError('PROVIDER_ERROR', `The Bedrock call failed: ${aws.name ?? 'error'}: ${aws.message ?? String(error)}.`, details, false);
}
