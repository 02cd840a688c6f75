import { HTTPException } from 'hono/http-exception';
import { FrugalError, isProviderError } from '../../core/index.js';
import { GatewayHttpError, isGatewayHttpError } from './gateway-http-error.js';
import { redactSecrets } from './redact-secrets.js';

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000)));

/**
 * Any failure to the error the caller sees. Provider errors keep their meaning (throttling stays
 * a retryable 429, a rejected request a 400 with the upstream's reason), except that upstream
 * credential failures become a 502 without the upstream's text: the caller's key was fine, and
 * AWS's message names the gateway's IAM principal. Unknown errors say nothing about internals.
 */
export function toGatewayHttpError(error: unknown): GatewayHttpError {
  if (isGatewayHttpError(error)) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new GatewayHttpError('body_too_large', 'The request body is larger than the gateway accepts (limits.bodyBytes).', { cause: error });
    return new GatewayHttpError(error.status >= 500 ? 'internal' : 'invalid_request', redactSecrets(error.message || `HTTP ${error.status}`), { cause: error });
  }
  if (!FrugalError.isInstance(error)) return new GatewayHttpError('internal', 'The gateway failed while handling the request; see its log (by request id).', { cause: error });
  const message = redactSecrets(error.message);
  const retryAfterSeconds = isProviderError(error) ? seconds(error.retryAfterMs) : undefined;
  switch (error.code) {
    case 'INVALID_ARGUMENT':
    case 'PARSE_ERROR':
    case 'REQUEST_REJECTED':
      return new GatewayHttpError('invalid_request', message, { cause: error });
    case 'UNKNOWN_MODEL':
      return new GatewayHttpError('not_found', message, { openaiCode: 'model_not_found', cause: error });
    case 'THROTTLED':
      return new GatewayHttpError('rate_limited', message, { retryable: true, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }), cause: error });
    case 'TIMEOUT':
      return new GatewayHttpError('timeout', message, { retryable: true, cause: error });
    case 'SERVICE_UNAVAILABLE':
    case 'MODEL_NOT_READY':
    case 'UNAVAILABLE':
      return new GatewayHttpError('unavailable', message, { retryable: true, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }), cause: error });
    case 'STREAM_INTERRUPTED':
      return new GatewayHttpError('upstream_error', message, { retryable: true, cause: error });
    case 'ACCESS_DENIED':
      return new GatewayHttpError('upstream_error', 'The upstream refused the gateway\'s own credentials or model access; the gateway operator must fix it (see the gateway log for this request id).', { cause: error });
    case 'CONTENT_FILTERED':
      return new GatewayHttpError('invalid_request', message, { openaiCode: 'content_filter', cause: error });
    default:
      return new GatewayHttpError('upstream_error', message, { cause: error });
  }
}
