/**
 * `@subsets/iterable/redis`: one Iterable project's rate limit shared, through Redis, by every
 * process that writes to it. Needs the optional peer dependencies `ioredis` (whose client you pass in)
 * and `rate-limiter-flexible`. Importing this entry point, its types included, needs neither:
 * `rate-limiter-flexible` is loaded when a limiter is created, and without it
 * `createRedisRateLimiter` throws an error that names the package to install.
 *
 * @module @subsets/iterable/redis
 */

export type { RedisClient, RedisErrorBehaviour, RedisRateLimiterOptions } from './options.js';
export { projectKeyFromApiKey } from './project-key.js';
export { createRedisRateLimiter } from './redis-rate-limiter.js';
export { RedisRateLimiterError } from './redis-rate-limiter-error.js';
export { createRedisState } from './redis-state.js';
export type { RedisStateOptions } from './redis-state-options.js';
