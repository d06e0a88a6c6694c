import { IterableError } from '../errors/iterable-error.js';

/**
 * Thrown by the `acquire` of a limiter from `createRedisRateLimiter` when Redis failed or did not
 * answer within `timeoutMs` and `onRedisError` is `'fail'`: no request starts without the shared
 * limit. `cause` holds the Redis client's error, when there is one. `retryable` is `true`: running
 * the call again later succeeds once Redis answers. The client's retry policy does not repeat the
 * request meanwhile: the request fails closed at once, and a sync reports its users as
 * `request-failed` with `retryable: true`.
 *
 * @category Shared rate limit
 */
export class RedisRateLimiterError extends IterableError {
  /** The Redis key of the shared limit, `<keyPrefix>:<key>`. */
  declare readonly redisKey: string;

  /**
   * @param message - What failed and what to do about it.
   * @param redisKey - The Redis key of the shared limit.
   * @param cause - The Redis client's error, if any.
   */
  constructor(message: string, redisKey: string, cause?: unknown) {
    super(message, { cause, retryable: true });
    this.name = 'RedisRateLimiterError';
    this.redisKey = redisKey;
  }
}
