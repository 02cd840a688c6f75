import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

const now = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('should read delta-seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
  });

  it('should read an HTTP date relative to now', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': 'Sun, 01 Mar 2026 12:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'Retry-After': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).toBe(0);
  });

  it('should prefer retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }), now)).toBe(250);
  });

  it('should read plain header objects case-insensitively (AWS SDK $response.headers)', () => {
    expect(parseRetryAfter({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': ['4'] }, now)).toBe(4000);
  });

  it('should ignore absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '-5' }), now)).toBeUndefined();
  });
});
