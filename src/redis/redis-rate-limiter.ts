import { requirePeer } from '../peers/require-peer.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import { type RedisRateLimiterOptions, resolveRedisRateLimiterOptions } from './options.js';
import { SharedRateLimiter } from './shared-rate-limiter.js';

/**
 * A {@link RateLimiter} whose limit is shared, through Redis, by every process that uses the same
 * `key`: together they start at most `requestsPerSecond` bulkUpdate requests in any one-second
 * window, and a 429 seen by one of them pauses all of them.
 *
 * How: a start needs two grants, both atomic on the Redis server.
 * - A spacing key, set with `SET … PX <spacing> NX`: whoever sets it may start, and nobody else
 *   can until it expires, so starts are at least `(1000 + marginMs) / requestsPerSecond` ms apart
 *   across all processes (longer by `firstRequestMarginMs` after a limiter's first start). This is
 *   what holds the limit in every sliding one-second window.
 * - A rate-limiter-flexible `RateLimiterRedis` with `points: requestsPerSecond, duration: 1`: a
 *   per-second counter that caps each of its windows even if some process were configured with a
 *   shorter spacing, and that carries the pauses {@link RateLimiter.penalize} asks for.
 *
 * A fixed one-second window alone is not enough: it lets `requestsPerSecond` starts through at the
 * end of one window and as many again at the start of the next, twice the limit within a few
 * milliseconds. rate-limiter-flexible's Redis store sets expiries in whole seconds, so the
 * sub-second spacing is a plain `SET NX PX` (one command, no script).
 *
 * When refused, a process waits until the key that refused it expires, plus up to 10 ms of
 * jitter, and tries again. Within one process, waiters are served in call order by a single
 * loop, so a busy process sends Redis one attempt at a time. `acquire` rejects with
 * `signal.reason` as soon as its signal aborts, and the aborted wait takes no start (one granted at
 * that very moment passes to the next waiter).
 *
 * If Redis fails, or takes longer than `timeoutMs`, `onRedisError` decides: `'fail'` (the default)
 * rejects waiting `acquire` calls with a {@link RedisRateLimiterError}; `'local'` warns through the
 * logger and limits this process alone, in memory, retrying Redis every 5 seconds.
 *
 * @param options - See {@link RedisRateLimiterOptions}; only `redis` and `key` are required.
 * @returns A limiter to pass as the client's `rateLimit` option. Share one per process and project.
 * @throws TypeError naming the option that is wrong (for example a `key` that looks like an API key).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { IterableClient } from '@subsets/iterable';
 * import { createRedisRateLimiter } from '@subsets/iterable/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const client = new IterableClient({
 *   // The same key in every worker that writes to this project.
 *   rateLimit: createRedisRateLimiter({ redis, key: 'acme-production' }),
 * });
 * const profiles = [{ userId: 'user-1', churnRisk: 0.27 }];
 * const report = await client.syncProfiles(profiles);
 * console.log(`${report.succeeded} of ${report.total} users updated`);
 * redis.disconnect();
 * ```
 *
 * @category Shared rate limit
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const resolved = resolveRedisRateLimiterOptions(options);
  const { RateLimiterRedis, RateLimiterRes } = requirePeer<typeof import('rate-limiter-flexible')>({
    specifier: 'rate-limiter-flexible',
    packageName: 'rate-limiter-flexible',
    neededBy: 'createRedisRateLimiter',
  });
  const counter = new RateLimiterRedis({
    storeClient: resolved.redis,
    keyPrefix: resolved.keyPrefix,
    points: resolved.requestsPerSecond,
    duration: 1,
  });
  return new SharedRateLimiter(resolved, counter, (error) =>
    error instanceof RateLimiterRes ? error.msBeforeNext : undefined,
  );
}
