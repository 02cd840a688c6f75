import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { mapOpenAIError } from './map-openai-error.js';

const context = { modelId: 'llama3.1:8b', baseURL: 'http://127.0.0.1:11434/v1', now: () => Date.parse('2026-03-01T12:00:00Z') };

function apiError(status: number, body: object, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, body, undefined, new Headers({ 'x-request-id': 'req-abc', ...headers }));
}

describe('mapOpenAIError', () => {
  it.each([
    [429, {}, 'THROTTLED', true],
    [401, {}, 'ACCESS_DENIED', false],
    [403, {}, 'ACCESS_DENIED', false],
    [400, {}, 'REQUEST_REJECTED', false],
    [404, {}, 'REQUEST_REJECTED', false],
    [422, {}, 'REQUEST_REJECTED', false],
    [408, {}, 'TIMEOUT', true],
    [500, {}, 'SERVICE_UNAVAILABLE', true],
    [503, {}, 'SERVICE_UNAVAILABLE', true],
  ])('should map HTTP %i', (status, body, code, isRetryable) => {
    const mapped = mapOpenAIError(apiError(status, { error: { message: 'nope', ...body } }), context);
    expect(mapped).toMatchObject({ code, isRetryable, status, requestId: 'req-abc', provider: 'openai-compatible', modelId: 'llama3.1:8b' });
  });

  it('should not retry an account out of quota', () => {
    const mapped = mapOpenAIError(apiError(429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }), context);
    expect(mapped).toMatchObject({ code: 'THROTTLED', isRetryable: false });
    expect(mapped.message).toContain('billing');
  });

  it('should map a content-filter rejection', () => {
    const mapped = mapOpenAIError(apiError(400, { error: { message: 'filtered', code: 'content_filter' } }), context);
    expect(mapped).toMatchObject({ code: 'CONTENT_FILTERED', isRetryable: false });
  });

  it('should read retry-after-ms and Retry-After', () => {
    expect(mapOpenAIError(apiError(429, {}, { 'retry-after-ms': '750' }), context).retryAfterMs).toBe(750);
    expect(mapOpenAIError(apiError(429, {}, { 'retry-after': '3' }), context).retryAfterMs).toBe(3000);
  });

  it('should map connection failures, timeouts and aborts', () => {
    expect(mapOpenAIError(new APIConnectionError({ message: 'Connection error.' }), context)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', isRetryable: true });
    expect(mapOpenAIError(new APIConnectionTimeoutError(), context)).toMatchObject({ code: 'TIMEOUT', isRetryable: true });
    expect(mapOpenAIError(new APIUserAbortError(), context)).toMatchObject({ code: 'PROVIDER_ERROR', name: 'RequestAbortedError', isRetryable: false });
  });

  it('should call an unexplained failure after the stream opened a cut stream', () => {
    expect(mapOpenAIError(new Error('terminated'), { ...context, phase: 'stream' })).toMatchObject({ code: 'STREAM_INTERRUPTED' });
  });
});
