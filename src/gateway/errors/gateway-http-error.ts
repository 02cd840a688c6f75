import { FrugalError, type FrugalErrorCode } from '../../core/index.js';

/**
 * What went wrong with a gateway request, as a closed set. Each kind has one HTTP status and one
 * name in each wire format, so the OpenAI SDK and the AWS SDK both see the error they know
 * (and retry only what is worth retrying).
 */
export const gatewayErrorKinds = {
  invalid_request: { status: 400, openaiType: 'invalid_request_error', awsType: 'ValidationException', code: 'INVALID_ARGUMENT' },
  unauthenticated: { status: 401, openaiType: 'authentication_error', awsType: 'UnrecognizedClientException', code: 'ACCESS_DENIED' },
  forbidden: { status: 403, openaiType: 'permission_error', awsType: 'AccessDeniedException', code: 'ACCESS_DENIED' },
  not_found: { status: 404, openaiType: 'invalid_request_error', awsType: 'ResourceNotFoundException', code: 'UNKNOWN_MODEL' },
  body_too_large: { status: 413, openaiType: 'invalid_request_error', awsType: 'ValidationException', code: 'INVALID_ARGUMENT' },
  rate_limited: { status: 429, openaiType: 'rate_limit_error', awsType: 'ThrottlingException', code: 'THROTTLED' },
  // Bedrock answers a quota it will not lift soon with 400 ServiceQuotaExceededException, which
  // the AWS SDK does not retry; OpenAI answers 429 insufficient_quota (we add x-should-retry: false).
  budget_exceeded: { status: 429, openaiType: 'insufficient_quota', awsType: 'ServiceQuotaExceededException', code: 'THROTTLED' },
  timeout: { status: 504, openaiType: 'timeout_error', awsType: 'ModelTimeoutException', code: 'TIMEOUT' },
  upstream_error: { status: 502, openaiType: 'api_error', awsType: 'InternalServerException', code: 'PROVIDER_ERROR' },
  unavailable: { status: 503, openaiType: 'api_error', awsType: 'ServiceUnavailableException', code: 'SERVICE_UNAVAILABLE' },
  internal: { status: 500, openaiType: 'api_error', awsType: 'InternalServerException', code: 'PROVIDER_ERROR' },
} as const satisfies Record<string, { status: number; openaiType: string; awsType: string; code: FrugalErrorCode }>;

export type GatewayErrorKind = keyof typeof gatewayErrorKinds;

/** The status AWS uses where it differs from ours (a 429 would make the AWS SDK retry a budget error). */
export const awsStatusOverrides: Partial<Record<GatewayErrorKind, number>> = { budget_exceeded: 400, timeout: 408, unauthenticated: 403, upstream_error: 500 };

export interface GatewayHttpErrorOptions {
  /** OpenAI's `code` field (`invalid_api_key`, `model_not_found`, ...). */
  openaiCode?: string;
  /** The request field at fault, OpenAI's `param`. */
  param?: string;
  /** Seconds, sent as Retry-After. */
  retryAfterSeconds?: number;
  /** Whether a client should retry; false adds `x-should-retry: false` (the openai SDK honours it). */
  retryable?: boolean;
  cause?: unknown;
}

/** An error the gateway answers with. Messages are written for the caller and carry no secrets. */
export class GatewayHttpError extends FrugalError {
  readonly kind: GatewayErrorKind;
  readonly status: number;
  readonly openaiCode: string | undefined;
  readonly param: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly retryable: boolean | undefined;

  constructor(kind: GatewayErrorKind, message: string, options: GatewayHttpErrorOptions = {}) {
    super(gatewayErrorKinds[kind].code, message, { cause: options.cause, isRetryable: options.retryable ?? false });
    this.name = 'GatewayHttpError';
    this.kind = kind;
    this.status = gatewayErrorKinds[kind].status;
    this.openaiCode = options.openaiCode;
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.retryable = options.retryable;
  }
}

export function isGatewayHttpError(value: unknown): value is GatewayHttpError {
  return FrugalError.isInstance(value) && value.name === 'GatewayHttpError';
}
