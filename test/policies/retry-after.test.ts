import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../../src/policies/retry-after.js';

const NOW = Date.UTC(2026, 10, 29, 1, 40, 0);

function hint(headers: Record<string, string>): number | undefined {
  return parseRetryAfter(new Headers(headers), NOW);
}

describe('parseRetryAfter', () => {
  it('is undefined without a hint', () => {
    expect(hint({})).toBeUndefined();
  });

  it.each([
    ['0', 0],
    ['1', 1000],
    ['120', 120_000],
    ['1.5', 1500],
    [' 7 ', 7000],
  ])('reads Retry-After %j as seconds', (value, ms) => {
    expect(hint({ 'retry-after': value })).toBe(ms);
  });

  it.each([
    ['IMF-fixdate', 'Sun, 29 Nov 2026 01:40:30 GMT', 30_000],
    ['RFC 850', 'Sunday, 29-Nov-26 01:40:05 GMT', 5000],
    ['asctime', 'Sun Nov 29 01:41:00 2026', 60_000],
  ])('reads Retry-After as an HTTP date (%s)', (_form, value, ms) => {
    expect(hint({ 'retry-after': value })).toBe(ms);
  });

  it('reads an HTTP date in the past as no wait', () => {
    expect(hint({ 'retry-after': 'Sat, 28 Nov 2026 01:40:00 GMT' })).toBe(0);
  });

  it.each([
    ['250', 250],
    ['0', 0],
    ['1500.5', 1500.5],
  ])('reads retry-after-ms %j as milliseconds', (value, ms) => {
    expect(hint({ 'retry-after-ms': value })).toBe(ms);
  });

  it('prefers retry-after-ms over Retry-After', () => {
    expect(hint({ 'retry-after-ms': '250', 'retry-after': '10' })).toBe(250);
  });

  it('falls back to Retry-After when retry-after-ms is malformed', () => {
    expect(hint({ 'retry-after-ms': 'soon', 'retry-after': '3' })).toBe(3000);
    expect(hint({ 'retry-after-ms': '-5', 'retry-after': '3' })).toBe(3000);
  });

  it.each([
    ['soon'],
    [''],
    ['-5'],
    ['-1'],
    ['5s'],
    ['1e3'],
    ['1.5.2'],
    ['12 abc'],
    ['Infinity'],
    ['NaN'],
    ['Someday, 99 Foo 2026 GMT'],
  ])('gives no hint for a malformed Retry-After %j (the caller backs off on its own)', (value) => {
    expect(hint({ 'retry-after': value })).toBeUndefined();
  });

  it('measures an HTTP date from the current time when none is given', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(NOW);
      expect(parseRetryAfter(new Headers({ 'retry-after': 'Sun, 29 Nov 2026 01:40:10 GMT' }))).toBe(10_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
