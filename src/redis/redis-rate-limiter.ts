import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { log } from '../client/log.js';
import { createRateLimiter, type RateLimiter } from '../policies/rate-limiter.js';
import { sleep } from '../policies/sleep.js';
import { WaiterQueue } from '../policies/waiter-queue.js';
import { type RedisRateLimiterOptions, resolveRedisRateLimiterOptions } from './options.js';
import { RedisRateLimiterError } from './redis-rate-limiter-error.js';

/** With `onRedisError: 'local'`, how long the in-memory limit is used before Redis is tried again. */
const RECHECK_MS = 5000;
/** Most random milliseconds added to a wait, so that processes woken by the same expiry do not collide. */
const JITTER_MS = 10;
/** After this long without a start, HTTP keep-alive connections have likely closed: the next start is cold. */
const IDLE_MS = 4000;

/** A Redis command that did not settle within `timeoutMs`. */
class RedisTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`did not answer within ${timeoutMs} ms`);
    this.name = 'RedisTimeout';
  }
}

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
 *   rateLimit: createRedisRateLimiter({ redis, key: 'acme-production' }), // same key in every worker
 * });
 * const report = await client.syncProfiles(profiles);
 * redis.disconnect();
 * ```
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const {
    redis,
    key,
    requestsPerSecond,
    marginMs,
    firstRequestMarginMs,
    keyPrefix,
    onRedisError,
    timeoutMs,
    logger,
  } = resolveRedisRateLimiterOptions(options);
  const counter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: requestsPerSecond,
    duration: 1,
  });
  const counterKey = counter.getKey(key);
  const spacingKey = `${counterKey}:spacing`;
  const spacingMs = Math.ceil((1000 + marginMs) / requestsPerSecond);
  const local = createRateLimiter({ requestsPerSecond, marginMs });

  let pumping = false;
  let idle: AbortController | undefined;
  // When the last waiter leaves through an abort, the wait in progress ends and the loop stops.
  const queue = new WaiterQueue(() => idle?.abort());
  /** While `performance.now()` is below this, acquire from `local` (`onRedisError: 'local'` only). */
  let localUntil = 0;
  /** Whether the fall back to `local` was announced and its end not yet. */
  let degraded = false;
  /** When this limiter last granted a start (`performance.now()`), or `undefined` before the first. */
  let lastStart: number | undefined;

  /** Settles like `promise`, or rejects with a {@link RedisTimeout} once `timeoutMs` has passed. */
  const timed = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisTimeout(timeoutMs)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const reasonOf = (error: unknown): string =>
    error instanceof RedisTimeout
      ? error.message
      : `failed: ${error instanceof Error ? error.message : String(error)}`;

  /** One attempt at the shared limit: `0` when a start is granted, else the milliseconds to wait. */
  const attempt = async (): Promise<number> => {
    const now = performance.now();
    const cold = lastStart === undefined || now - lastStart > IDLE_MS;
    const holdMs = cold ? Math.ceil(spacingMs + firstRequestMarginMs) : spacingMs;
    const set = await timed(redis.set(spacingKey, '1', 'PX', holdMs, 'NX'));
    if (set !== 'OK') {
      const ttl = await timed(redis.pttl(spacingKey));
      if (ttl === -1) {
        // Written without an expiry by something else: give it one, or nobody would start again.
        await timed(redis.pexpire(spacingKey, spacingMs));
        return spacingMs;
      }
      return Math.max(ttl, 1);
    }
    try {
      await timed(counter.consume(key));
      lastStart = performance.now();
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1);
      throw error;
    }
  };

  /** Rejects every waiter (`'fail'`) or hands them to the in-memory limit (`'local'`). */
  const onFailure = (error: unknown): void => {
    const reason = reasonOf(error);
    const waiters = queue.drain();
    if (onRedisError === 'fail') {
      const failure = new RedisRateLimiterError(
        `Redis rate limiter: Redis ${reason} while checking the shared limit (key ${counterKey}), so no ` +
          "bulkUpdate was started (onRedisError: 'fail'). Check that Redis is reachable, or pass " +
          `onRedisError: 'local' to fall back to ${requestsPerSecond} requests/second per process.`,
        counterKey,
        error instanceof RedisTimeout ? undefined : error,
      );
      for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    localUntil = performance.now() + RECHECK_MS;
    if (!degraded) {
      degraded = true;
      log(
        logger,
        'warn',
        `Redis rate limiter: Redis ${reason} (key ${counterKey}); falling back to an in-memory limit of ` +
          `${requestsPerSecond} requests/second in this process until Redis answers (onRedisError: 'local'). ` +
          "Processes sharing the project may together exceed Iterable's limit meanwhile and see 429s.",
        { event: 'redis-fallback', key: counterKey, reason, requestsPerSecond },
      );
    } else {
      log(
        logger,
        'debug',
        `Redis rate limiter: Redis still ${reason} (key ${counterKey}); staying on the in-memory limit`,
        { event: 'redis-down', key: counterKey, reason, requestsPerSecond },
      );
    }
    for (const waiter of waiters) local.acquire(waiter.signal).then(waiter.resolve, waiter.reject);
  };

  /** Serves the queue, oldest first, until it is empty. Only one runs at a time. */
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        let waitMs: number;
        try {
          waitMs = await attempt();
        } catch (error) {
          onFailure(error);
          continue;
        }
        if (degraded) {
          degraded = false;
          log(
            logger,
            'info',
            `Redis rate limiter: Redis answers again (key ${counterKey}); back to the shared limit`,
            { event: 'redis-back', key: counterKey, requestsPerSecond },
          );
        }
        if (waitMs === 0) {
          queue.shift()?.resolve();
          continue;
        }
        idle = new AbortController();
        // Aborted only when the last waiter left: the loop then finds the queue empty and ends.
        await sleep(waitMs + Math.random() * JITTER_MS, idle.signal).catch(() => undefined);
        idle = undefined;
      }
    } catch (error) {
      // Only a throwing logger gets here; do not leave anyone waiting forever.
      for (const waiter of queue.drain()) waiter.reject(error);
    } finally {
      pumping = false;
    }
  };

  /** Extends (never shortens) the shared pause to at least `seconds`. */
  const pauseShared = async (seconds: number): Promise<void> => {
    const current = await timed(counter.get(key));
    if (
      current !== null &&
      current.consumedPoints > requestsPerSecond &&
      current.msBeforeNext >= seconds * 1000
    ) {
      return;
    }
    await timed(counter.block(key, seconds));
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (performance.now() < localUntil) return local.acquire(signal);
      const turn = queue.join(signal);
      void pump();
      return turn;
    },
    penalize(delayMs) {
      if (!(delayMs > 0)) return;
      local.penalize?.(delayMs);
      // rate-limiter-flexible blocks in whole seconds: round up, never pause for less than asked.
      const seconds = Math.ceil(delayMs / 1000);
      log(
        logger,
        'debug',
        `Redis rate limiter: pausing every process on key ${counterKey} for ${seconds} s`,
        {
          event: 'redis-pause',
          key: counterKey,
          seconds,
        },
      );
      pauseShared(seconds).catch((error: unknown) => {
        const reason = reasonOf(error);
        log(
          logger,
          'warn',
          `Redis rate limiter: could not share a ${Math.round(delayMs)} ms pause through Redis (key ${counterKey}): ` +
            `Redis ${reason}. Only this process pauses.`,
          { event: 'redis-pause-failed', key: counterKey, delayMs: Math.round(delayMs), reason },
        );
      });
    },
  };
}
