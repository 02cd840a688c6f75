import {
  AccessDeniedException,
  InternalServerException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { mapBedrockError } from './map-bedrock-error.js';

const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';
const now = () => Date.parse('2026-03-01T12:00:00Z');

function withResponse<T extends object>(error: T, status: number, headers: Record<string, string> = {}): T {
  Object.defineProperty(error, '$response', { value: { statusCode: status, headers }, enumerable: false });
  return error;
}

const metadata = (status: number) => ({ httpStatusCode: status, requestId: 'req-123' });

describe('mapBedrockError', () => {
  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Too many requests', $metadata: metadata(429) }), 'THROTTLED', true],
    ['ServiceQuotaExceededException', new ServiceQuotaExceededException({ message: 'Quota', $metadata: metadata(400) }), 'THROTTLED', true],
    ['ModelTimeoutException', new ModelTimeoutException({ message: 'Model timed out', $metadata: metadata(408) }), 'TIMEOUT', true],
    ['InternalServerException', new InternalServerException({ message: 'Internal', $metadata: metadata(500) }), 'SERVICE_UNAVAILABLE', true],
    ['ServiceUnavailableException', new ServiceUnavailableException({ message: 'Unavailable', $metadata: metadata(503) }), 'SERVICE_UNAVAILABLE', true],
    ['ModelNotReadyException', new ModelNotReadyException({ message: 'Not ready', $metadata: metadata(429) }), 'MODEL_NOT_READY', true],
    ['ModelStreamErrorException', new ModelStreamErrorException({ message: 'Stream broke', $metadata: metadata(424) }), 'STREAM_INTERRUPTED', true],
    ['AccessDeniedException', new AccessDeniedException({ message: 'Denied', $metadata: metadata(403) }), 'ACCESS_DENIED', false],
    ['ValidationException', new ValidationException({ message: 'Malformed input', $metadata: metadata(400) }), 'REQUEST_REJECTED', false],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'No such model', $metadata: metadata(404) }), 'REQUEST_REJECTED', false],
  ])('should map %s', (_name, error, code, isRetryable) => {
    const mapped = mapBedrockError(error, { modelId, now });
    expect(mapped).toMatchObject({ code, isRetryable, provider: 'bedrock', modelId, requestId: 'req-123', status: error.$metadata.httpStatusCode });
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toContain('req-123');
  });

  it('should say what to do next', () => {
    const denied = mapBedrockError(new AccessDeniedException({ message: 'Denied', $metadata: metadata(403) }), { modelId });
    expect(denied.message).toMatch(/bedrock:InvokeModel.*model is enabled|access to this model is enabled/);
    const throttled = mapBedrockError(new ThrottlingException({ message: 'Too many requests', $metadata: metadata(429) }), { modelId });
    expect(throttled.message).toContain('Lower concurrency');
  });

  it('should read Retry-After from the raw response', () => {
    const error = withResponse(new ThrottlingException({ message: 'slow down', $metadata: metadata(429) }), 429, { 'retry-after': '2' });
    expect(mapBedrockError(error, { modelId, now }).retryAfterMs).toBe(2000);
  });

  it('should treat credential failures as access denied', () => {
    const error = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'UnrecognizedClientException',
      $fault: 'client',
      $metadata: metadata(403),
    });
    expect(mapBedrockError(error, { modelId })).toMatchObject({ code: 'ACCESS_DENIED', isRetryable: false });
  });

  it('should retry network failures and unnamed 5xx, and not unnamed 4xx', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(mapBedrockError(reset, { modelId })).toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: true });
    const refused = new Error('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(mapBedrockError(refused, { modelId })).toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: true });
    const gateway = Object.assign(new Error('Bad gateway'), { name: 'UnknownError', $fault: 'server', $metadata: { httpStatusCode: 502 } });
    expect(mapBedrockError(gateway, { modelId })).toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: true, status: 502 });
    const teapot = Object.assign(new Error('Teapot'), { name: 'UnknownError', $fault: 'client', $metadata: { httpStatusCode: 418 } });
    expect(mapBedrockError(teapot, { modelId })).toMatchObject({ code: 'REQUEST_REJECTED', isRetryable: false });
  });

  it('should call an unexplained failure after the stream opened a cut stream', () => {
    const cut = new Error('Premature close');
    expect(mapBedrockError(cut, { modelId, phase: 'stream' })).toMatchObject({ code: 'STREAM_INTERRUPTED', isRetryable: true });
    expect(mapBedrockError(cut, { modelId, phase: 'request' })).toMatchObject({ code: 'PROVIDER_ERROR', isRetryable: false });
  });

  it('should not retry a host that does not resolve', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND bedrock-runtime.xx-nowhere-1.amazonaws.com'), { code: 'ENOTFOUND' });
    expect(mapBedrockError(error, { modelId })).toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: false });
  });
});
