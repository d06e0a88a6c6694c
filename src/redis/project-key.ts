import { createHash } from 'node:crypto';

/** Separates these hashes from any other SHA-256 of the same key. */
const DOMAIN = 'subsets-iterable/rate-limit-key\0';

/**
 * Derives a Redis key for {@link RedisRateLimiterOptions.key} from an Iterable API key, for callers
 * who have no project name at hand. The result is `sha256:` and 64 hex digits of a SHA-256 hash: it
 * reveals nothing of the key, and every process holding the same key derives the same value.
 *
 * A project can have several API keys, and each derives another value: processes that write to one
 * project with different keys must share a project name instead.
 *
 * @param apiKey - The project's server-side API key. Only its hash leaves this function.
 * @returns `sha256:<64 hex digits>`.
 * @throws TypeError when `apiKey` is not a non-empty string.
 *
 * @example
 * ```ts
 * const key = projectKeyFromApiKey(process.env.ITERABLE_API_KEY!);
 * const limiter = createRedisRateLimiter({ redis, key });
 * ```
 *
 * @category Shared rate limit
 */
export function projectKeyFromApiKey(apiKey: string): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('apiKey must be a non-empty string');
  }
  return `sha256:${createHash('sha256').update(DOMAIN).update(apiKey).digest('hex')}`;
}
