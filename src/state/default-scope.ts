import { createHash } from 'node:crypto';

/**
 * The state scope a client uses when its store names none: the API host and a digest of the API
 * key, `api.iterable.com/3f9a0c1b2d4e5f60`. One key belongs to one project, so two projects never
 * share fingerprints, and a rotated key starts with an empty state. The key itself is never
 * stored: 64 bits of its SHA-256 digest cannot be turned back into it.
 */
export function defaultStateScope(baseUrl: string, apiKey: string): string {
  const digest = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
  return `${new URL(baseUrl).host}/${digest}`;
}
