import type { Cluster, Redis } from 'ioredis';

/**
 * An ioredis client: `new Redis(url)` or `new Cluster(nodes)`.
 * @category Incremental sync
 */
export type RedisClient = Redis | Cluster;

import { type Logger, resolveLogger } from '../client/logger.js';
import { assertOptionsObject, nonNegative, oneOf, positive, wholeNumber } from '../options/check.js';

/**
 * What a limiter does when Redis fails or does not answer within `timeoutMs`:
 * - `'fail'`: `acquire` rejects with a `RedisRateLimiterError`; no request starts unlimited.
 * - `'local'`: this process falls back to an in-memory limit of `requestsPerSecond`, warns through
 *   the logger, and tries Redis again every few seconds.
 *
 * @category Shared rate limit
 */
export type RedisErrorBehaviour = 'fail' | 'local';

/**
 * Options of {@link createRedisRateLimiter}.
 * @category Shared rate limit
 */
export interface RedisRateLimiterOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`). It stays the caller's: the limiter only sends it
   * commands and never quits or disconnects it, and one client can serve many limiters.
   */
  readonly redis: Redis | Cluster;
  /**
   * Names the Iterable project whose limit is shared: every process that writes to the project
   * must pass the same key, and processes with different keys do not slow each other down.
   * Use a project name or id. Never the API key: Redis keys are visible to anyone who can run
   * `SCAN` on the server. To derive a key from the API key, use {@link projectKeyFromApiKey}.
   */
  readonly key: string;
  /**
   * bulkUpdate requests allowed to start per second, for all processes together; a whole number.
   * @default 5 (Iterable's limit per project)
   */
  readonly requestsPerSecond?: number | undefined;
  /**
   * Milliseconds added to each second, so that the time from a start to its arrival at Iterable,
   * which varies (network jitter, a worker's event loop busy building the next batch), never makes
   * Iterable count one request too many in a second. Starts are spaced
   * `(1000 + marginMs) / requestsPerSecond` ms apart: 210 ms, 4.76 requests/second, by default.
   * Raise it when 429s still occur; each 10 ms costs about 1% of the throughput.
   * @default 50
   */
  readonly marginMs?: number | undefined;
  /**
   * Extra milliseconds of spacing after this limiter's first start, and after any start that follows
   * 4 s without one. Such a request opens a connection (and, in a fresh process, loads the HTTP
   * client) and reaches Iterable later than the ones that follow; without the extra spacing, the
   * next process's request could arrive right behind it and crowd one second.
   * @default 250
   */
  readonly firstRequestMarginMs?: number | undefined;
  /**
   * Prefix of the Redis keys the limiter uses: `<keyPrefix>:<key>` and `<keyPrefix>:<key>:spacing`.
   * @default 'subsets-iterable:bulkUpdate'
   */
  readonly keyPrefix?: string | undefined;
  /**
   * What happens when Redis fails or is slower than `timeoutMs`; see {@link RedisErrorBehaviour}.
   * The default fails closed: N processes each falling back to the full limit send N times what the
   * project allows, and a Redis that is wrongly configured would go unnoticed.
   * @default 'fail'
   */
  readonly onRedisError?: RedisErrorBehaviour | undefined;
  /**
   * Longest wait for one Redis command, in milliseconds; a command still pending then counts as a
   * Redis failure (ioredis queues commands while it reconnects, so a down server shows as a hang).
   * @default 1000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Where the limiter reports falling back to, and returning from, the in-memory limit. Never
   * receives an API key.
   * @default a silent logger
   */
  readonly logger?: Logger | undefined;
}

/** The options after validation, with every default filled in. */
export interface ResolvedRedisRateLimiterOptions {
  readonly redis: Redis | Cluster;
  readonly key: string;
  readonly requestsPerSecond: number;
  readonly marginMs: number;
  readonly firstRequestMarginMs: number;
  readonly keyPrefix: string;
  readonly onRedisError: RedisErrorBehaviour;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** Iterable API keys are 32 hexadecimal digits. */
const LOOKS_LIKE_API_KEY = /^[0-9a-f]{32}$/i;

/**
 * Validates the options once and fills in every default.
 * @throws TypeError naming the option that is wrong.
 */
export function resolveRedisRateLimiterOptions(
  options: RedisRateLimiterOptions,
): ResolvedRedisRateLimiterOptions {
  assertOptionsObject(options);
  const { redis, key } = options;
  if (
    redis === null ||
    typeof redis !== 'object' ||
    typeof redis.set !== 'function' ||
    typeof redis.pttl !== 'function' ||
    typeof redis.defineCommand !== 'function'
  ) {
    throw new TypeError('redis must be an ioredis client (new Redis(url) or new Cluster(nodes))');
  }
  if (typeof key !== 'string' || key.trim() === '') {
    throw new TypeError('key must be a non-empty string naming the Iterable project (a project name or id)');
  }
  const envKey = process.env.ITERABLE_API_KEY;
  if (
    LOOKS_LIKE_API_KEY.test(key) ||
    (envKey !== undefined && envKey.trim() !== '' && key.includes(envKey))
  ) {
    throw new TypeError(
      'key must not be an Iterable API key: Redis keys are readable by anyone with access to the server. ' +
        'Pass a project name or id, or projectKeyFromApiKey(apiKey)',
    );
  }

  const keyPrefix = options.keyPrefix ?? 'subsets-iterable:bulkUpdate';
  if (typeof keyPrefix !== 'string' || keyPrefix === '') {
    throw new TypeError('keyPrefix must be a non-empty string');
  }
  return {
    redis,
    key,
    requestsPerSecond: wholeNumber('requestsPerSecond', options.requestsPerSecond ?? 5, 1),
    marginMs: nonNegative('marginMs', options.marginMs ?? 50),
    firstRequestMarginMs: nonNegative('firstRequestMarginMs', options.firstRequestMarginMs ?? 250),
    keyPrefix,
    onRedisError: oneOf('onRedisError', options.onRedisError ?? 'fail', ['fail', 'local']),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? 1000),
    logger: resolveLogger(options.logger),
  };
}
