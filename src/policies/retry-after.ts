/** An HTTP date starts with the day's name, in all three of its forms (IMF-fixdate, RFC 850, asctime). */
const HTTP_DATE = /^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s/i;

/**
 * The delay a server asked for, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * seconds or as an HTTP date. `undefined` when there is no usable hint (absent, malformed,
 * negative); the caller then uses its own backoff.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  // Date.parse alone would read "-5" or "1.5.2" as dates in 2001: a malformed hint, not a past date.
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
