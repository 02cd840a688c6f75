import { awsStatusOverrides, type GatewayHttpError, gatewayErrorKinds } from './gateway-http-error.js';

/** Which wire format a path speaks: OpenAI's error object or AWS's `x-amzn-ErrorType`. */
export type ErrorStyle = 'openai' | 'aws';

function commonHeaders(error: GatewayHttpError, requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-request-id': requestId,
    ...(error.retryAfterSeconds !== undefined && { 'retry-after': String(error.retryAfterSeconds) }),
    ...(error.retryable !== undefined && { 'x-should-retry': String(error.retryable) }),
  };
}

/** `{"error": {message, type, param, code}}`, the body the openai SDK turns into its APIError classes. */
export function formatOpenAIErrorBody(error: GatewayHttpError): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return { error: { message: error.message, type: gatewayErrorKinds[error.kind].openaiType, param: error.param ?? null, code: error.openaiCode ?? error.kind } };
}

export interface ErrorResponseParts {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * OpenAI style: the error object with the kind's status. AWS style: the status, `x-amzn-ErrorType`
 * and `{"message"}` body the AWS SDK turns into a named exception.
 */
export function formatErrorResponse(error: GatewayHttpError, style: ErrorStyle, requestId: string): ErrorResponseParts {
  if (style === 'openai') return { status: error.status, body: JSON.stringify(formatOpenAIErrorBody(error)), headers: commonHeaders(error, requestId) };
  return {
    status: awsStatusOverrides[error.kind] ?? error.status,
    body: JSON.stringify({ message: error.message }),
    headers: { ...commonHeaders(error, requestId), 'x-amzn-errortype': gatewayErrorKinds[error.kind].awsType, 'x-amzn-requestid': requestId },
  };
}
