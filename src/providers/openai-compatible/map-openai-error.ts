import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  AccessDeniedError,
  ContentFilteredError,
  ProviderError,
  type ProviderErrorDetails,
  ProviderTimeoutError,
  RequestAbortedError,
  RequestRejectedError,
  ServiceUnavailableError,
  StreamInterruptedError,
  ThrottledError,
} from '../../core/index.js';
import { parseRetryAfter } from '../parse-retry-after.js';

/**
 * An `openai` package error (or anything thrown while reading a stream) to our hierarchy, with
 * status, request id, Retry-After / retry-after-ms, and what to do next.
 */
export function mapOpenAIError(error: unknown, context: { modelId: string; baseURL: string; phase?: 'request' | 'stream'; now?: () => number }): ProviderError {
  const details: ProviderErrorDetails = { provider: 'openai-compatible', modelId: context.modelId, cause: error };
  if (error instanceof APIUserAbortError) return new RequestAbortedError('The caller aborted the call.', details);
  if (context.phase === 'stream' && !(error instanceof APIError && error.status !== undefined)) {
    // Once the stream is open, a lost connection or unreadable chunk means the stream was cut.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new StreamInterruptedError(`The response stream was cut mid-way (${message}). The text so far is in the stream's snapshot(); retry for a whole answer.`, details);
  }
  if (error instanceof APIConnectionTimeoutError) return new ProviderTimeoutError(`No response from ${context.baseURL} in time. Raise timeoutMs or check the server's load.`, details);
  if (error instanceof APIConnectionError) {
    return new ServiceUnavailableError(`Could not reach ${context.baseURL} (${error.message}). Check the server is running and baseURL is right; retried automatically.`, details);
  }
  if (!(error instanceof APIError)) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ProviderError('PROVIDER_ERROR', `The call failed: ${message}.`, details, false);
  }

  const status = error.status;
  const withStatus: ProviderErrorDetails = {
    ...details,
    status,
    requestId: error.requestID ?? undefined,
    retryAfterMs: parseRetryAfter(error.headers, (context.now ?? Date.now)()),
  };
  const said = error.message !== '' ? ` The server said: ${error.message}` : '';
  if (error.code === 'content_filter' || error.code === 'content_policy_violation') {
    return new ContentFilteredError(`The input was rejected by a content filter.${said} Rephrase the input; retrying gives the same result.`, { ...withStatus, stopReason: error.code });
  }
  if (status === 429) {
    // OpenAI's 429 also means "out of credit", which no amount of waiting fixes.
    if (error.code === 'insufficient_quota') {
      return new ThrottledError(`The account has no quota left.${said} Check billing and plan limits; not retried.`, withStatus, false);
    }
    return new ThrottledError(`Rate limited.${said} Lower concurrency or raise the rate limit.`, withStatus);
  }
  if (status === 401 || status === 403) return new AccessDeniedError(`Access denied (HTTP ${status}).${said} Check the API key and the model permissions.`, withStatus);
  if (status === 404) return new RequestRejectedError(`Not found (HTTP 404).${said} Check the model name (Ollama: \`ollama pull <model>\`) and that baseURL ends in /v1.`, withStatus);
  if (status === 408) return new ProviderTimeoutError(`The server timed out (HTTP 408).${said}`, withStatus);
  if (status === 409) return new ServiceUnavailableError(`Conflict (HTTP 409).${said} Retried automatically.`, withStatus);
  if (status !== undefined && status >= 500) return new ServiceUnavailableError(`The server failed (HTTP ${status}).${said} Retried automatically.`, withStatus);
  if (status !== undefined && status >= 400) return new RequestRejectedError(`The server rejected the request (HTTP ${status}).${said} Fix the request; it is not retried.`, withStatus);
  return new ProviderError('PROVIDER_ERROR', `The call failed.${said}`, withStatus, false);
}
