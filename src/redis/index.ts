/**
 * `@subsets/iterable/redis`: one Iterable project's rate limit shared, through Redis, by every
 * process that writes to it. Needs the optional peer dependencies `ioredis` and
 * `rate-limiter-flexible`; the main entry never loads them.
 *
 * @module @subsets/iterable/redis
 */

export type { RedisErrorBehaviour, RedisRateLimiterOptions } from './options.js';
export { projectKeyFromApiKey } from './project-key.js';
export { createRedisRateLimiter } from './redis-rate-limiter.js';
export { RedisRateLimiterError } from './redis-rate-limiter-error.js';
export { createRedisState } from './redis-state.js';
export type { RedisStateOptions } from './redis-state-options.js';
