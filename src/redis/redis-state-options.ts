import { assertOptionsObject, MILLISECONDS, positive, wholeNumber } from '../options/check.js';
import { checkScope } from '../state/scope.js';
import type { RedisClient } from './options.js';

/**
 * Options of {@link createRedisState}.
 * @category Incremental sync
 */
export interface RedisStateOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`), typically the one the shared rate limiter uses. It
   * stays the caller's: the store only sends it commands and never quits or disconnects it.
   */
  readonly redis: RedisClient;
  /**
   * Prefix of the Redis keys: `<keyPrefix>:{<scope>}:<buckets>:<bucket>`.
   * @default 'subsets-iterable:state'
   */
  readonly keyPrefix?: string | undefined;
  /**
   * The scope every call uses, whatever scope the sync passes: a non-empty string without a NUL
   * character.
   * @default the scope each call passes (one per Iterable project, derived by the sync)
   */
  readonly scope?: string | undefined;
  /**
   * How many Redis hashes a scope's users are spread over. Redis stores a hash of up to 128 short
   * entries (`hash-max-listpack-entries`) as one compact list, about three times smaller than a
   * large hash; keep the users per bucket well under 128: the default suits up to about 5,000,000
   * users per scope. The number is part of every key, so changing it starts an empty state (the
   * next sync sends everything once); delete the old keys then.
   * @default 65536
   */
  readonly buckets?: number | undefined;
  /**
   * Longest wait, in milliseconds, for one Redis command. ioredis queues commands while it
   * reconnects, so a Redis that went away shows as a hang: past this the call rejects with a
   * `StateStoreError` instead.
   * @default 5000
   */
  readonly timeoutMs?: number | undefined;
}

/** The options after validation, with every default filled in. */
export interface ResolvedRedisStateOptions {
  readonly redis: RedisClient;
  readonly keyPrefix: string;
  readonly scope: string | undefined;
  readonly buckets: number;
  readonly timeoutMs: number;
}

/**
 * Validates the options once and fills in every default.
 * @throws TypeError naming the option that is wrong.
 */
export function resolveRedisStateOptions(options: RedisStateOptions): ResolvedRedisStateOptions {
  assertOptionsObject(options);
  const { redis } = options;
  if (redis === null || typeof redis !== 'object' || typeof redis.eval !== 'function') {
    throw new TypeError('redis must be an ioredis client (new Redis(url) or new Cluster(nodes))');
  }
  const keyPrefix = options.keyPrefix ?? 'subsets-iterable:state';
  if (typeof keyPrefix !== 'string' || keyPrefix === '') {
    throw new TypeError('keyPrefix must be a non-empty string');
  }
  const scope = options.scope === undefined ? undefined : checkScope('scope', options.scope);
  const buckets = wholeNumber('buckets', options.buckets ?? 65_536, 1, 2 ** 24);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 5000, MILLISECONDS);
  return { redis, keyPrefix, scope, buckets, timeoutMs };
}
