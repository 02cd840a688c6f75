/**
 * Errors from model calls (Bedrock, OpenAI-compatible servers). The provider layer maps every SDK
 * or HTTP failure to one of these, so callers branch on `code` and `isRetryable`, never on
 * vendor exception names.
 */
import { FrugalError, type FrugalErrorCode } from './errors.js';

/**
 * Token usage as a provider reported it, in exclusive buckets. `null` means "not reported", which
 * is not the same as 0: a call whose usage is unknown was still billed, so its cost is unknown too.
 */
export interface ReportedUsage {
  inputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWrite5mTokens: number | null;
  cacheWrite1hTokens: number | null;
  outputTokens: number | null;
  /** The provider's own usage object, untouched (undefined when it sent none). */
  raw: unknown;
}

export interface ProviderErrorDetails {
  /** `bedrock`, `openai-compatible`, ... */
  provider: string;
  modelId?: string | undefined;
  /** HTTP status of the failed response, when there was one. */
  status?: number | undefined;
  /** AWS request id (`x-amzn-requestid`) or the OpenAI-style `x-request-id`. */
  requestId?: string | undefined;
  /** How long the server asked us to wait (Retry-After / retry-after-ms), in ms. */
  retryAfterMs?: number | undefined;
  /** Usage billed before the failure, e.g. on a stream cut mid-way. */
  usage?: ReportedUsage | undefined;
  cause?: unknown;
}

/** Base of every model-call error. */
export class ProviderError extends FrugalError {
  readonly provider: string;
  readonly modelId: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Set by the stream reader once it knows what was billed before the failure. */
  usage: ReportedUsage | undefined;
  /** Set by the retry loop: attempts made and time spent waiting between them. */
  attempts = 1;
  retryWaitMs = 0;

  constructor(code: FrugalErrorCode, message: string, details: ProviderErrorDetails, isRetryable: boolean) {
    const where = [details.modelId, details.status === undefined ? undefined : `HTTP ${details.status}`, details.requestId === undefined ? undefined : `request ${details.requestId}`]
      .filter((part) => part !== undefined)
      .join(', ');
    super(code, where.length > 0 ? `${details.provider} (${where}): ${message}` : `${details.provider}: ${message}`, {
      cause: details.cause,
      isRetryable,
    });
    this.name = 'ProviderError';
    this.provider = details.provider;
    this.modelId = details.modelId;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.usage = details.usage;
  }
}

/** Rate or quota limit (HTTP 429, ThrottlingException, ServiceQuotaExceededException). Retried. */
export class ThrottledError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails, isRetryable = true) {
    super('THROTTLED', message, details, isRetryable);
    this.name = 'ThrottledError';
  }
}

/** The call or the model took too long (our per-call timeout, ModelTimeoutException, 408). Retried. */
export class ProviderTimeoutError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('TIMEOUT', message, details, true);
    this.name = 'ProviderTimeoutError';
  }
}

/** Credentials, IAM permissions or model access. Never retried. */
export class AccessDeniedError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('ACCESS_DENIED', message, details, false);
    this.name = 'AccessDeniedError';
  }
}

/** The service refused the request as sent (validation, unknown model, bad parameters). Never retried. */
export class RequestRejectedError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('REQUEST_REJECTED', message, details, false);
    this.name = 'RequestRejectedError';
  }
}

/** A content filter or guardrail stopped the response. Never retried; the call is still billed. */
export class ContentFilteredError extends ProviderError {
  /** The provider's own stop reason (`content_filtered`, `guardrail_intervened`, `content_filter`). */
  readonly stopReason: string | undefined;
  /** Whatever text the model or guardrail returned before or instead of the answer. */
  readonly outputText: string;
  constructor(message: string, details: ProviderErrorDetails & { stopReason?: string; outputText?: string }) {
    super('CONTENT_FILTERED', message, details, false);
    this.name = 'ContentFilteredError';
    this.stopReason = details.stopReason;
    this.outputText = details.outputText ?? '';
  }
}

/** The model is being loaded or restored (ModelNotReadyException). Retried. */
export class ModelNotReadyError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('MODEL_NOT_READY', message, details, true);
    this.name = 'ModelNotReadyError';
  }
}

/** 5xx, internal errors and network failures. Retried. */
export class ServiceUnavailableError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails, isRetryable = true) {
    super('SERVICE_UNAVAILABLE', message, details, isRetryable);
    this.name = 'ServiceUnavailableError';
  }
}

/** A response stream ended before its final event. Retried only if nothing reached the caller yet. */
export class StreamInterruptedError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('STREAM_INTERRUPTED', message, details, true);
    this.name = 'StreamInterruptedError';
  }
}

/** The caller aborted the call through its AbortSignal. Never retried. */
export class RequestAbortedError extends ProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super('PROVIDER_ERROR', message, details, false);
    this.name = 'RequestAbortedError';
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return FrugalError.isInstance(value) && 'provider' in value && 'retryWaitMs' in value;
}
