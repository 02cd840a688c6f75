import type { ErrorHandler } from 'hono';
import { type ErrorStyle, formatErrorResponse } from '../errors/format-error-response.js';
import { isGatewayHttpError } from '../errors/gateway-http-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayLogger } from '../gateway-services.js';

/** Bedrock-compatible paths answer in AWS's error format; everything else in OpenAI's. */
export function errorStyleOf(path: string): ErrorStyle {
  return path.startsWith('/model/') ? 'aws' : 'openai';
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) parts.push(`${current.name}: ${current.message}`);
  return redactSecrets(parts.join(' ← '));
}

/**
 * The app's error handler: any failure becomes the error the caller's SDK understands — an
 * OpenAI error object or an AWS exception with `x-amzn-ErrorType` — with the right status and
 * Retry-After. A timeout or disconnect that aborted the upstream call is reported as the abort's
 * reason. Server-side failures are logged by request id with secrets redacted; the body carries
 * no stack, no upstream credentials and no internal detail.
 *
 * @example app.onError(errorMapping(logger))
 */
export function errorMapping(logger?: Pick<GatewayLogger, 'error'>): ErrorHandler<GatewayEnv> {
  return function errorMapping(error, c) {
    const signal = c.get('signal') as AbortSignal | undefined;
    const reason: unknown = signal?.aborted === true ? signal.reason : undefined;
    const mapped = toGatewayHttpError(isGatewayHttpError(reason) ? reason : error);
    const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
    if (mapped.status >= 500 && mapped.kind !== 'unavailable') logger?.error(`request ${requestId}: ${mapped.kind}: ${describeCause(error)}`);
    const { status, body, headers } = formatErrorResponse(mapped, errorStyleOf(c.req.path), requestId);
    // Through the context, so headers set earlier (request id, connection: close) go out too.
    return c.newResponse(body, status as 400, headers);
  };
}
