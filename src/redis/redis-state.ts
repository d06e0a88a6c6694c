import { messageOf } from '../errors/message-of.js';
import { scopeOf } from '../state/scope.js';
import { StateStoreError } from '../state/state-store-error.js';
import type { StateEntry, SyncState } from '../state/sync-state.js';
import { bucketKey, GET_SCRIPT, SET_SCRIPT, scopePrefix, USERS_PER_CALL } from './redis-state-layout.js';
import { type RedisStateOptions, resolveRedisStateOptions } from './redis-state-options.js';

/**
 * A {@link SyncState} in Redis, for syncs whose workers run on several machines: every worker that
 * shares the Redis (and the scope) skips what any of them already sent. Runs on the caller's ioredis
 * connection, the same one `createRedisRateLimiter` can use.
 *
 * Layout: a scope's users are spread over `buckets` Redis hashes (field: userId, value:
 * fingerprint), at `<keyPrefix>:{<scope>}:<buckets>:<bucket>`. Small hashes are stored compactly by
 * Redis, so a user costs about 50 bytes of Redis memory at 1,000,000 users (see the incremental-sync
 * guide for the measurement). A `get` or `set` of up to 1,000 users is one script call (EVAL), so a
 * batch costs one round trip.
 *
 * A Redis that fails, is unreachable or does not answer within `timeoutMs` makes the call reject
 * with a `StateStoreError` naming Redis; nothing retries it forever.
 *
 * @param options - See {@link RedisStateOptions}; only `redis` is required.
 * @returns A store to pass as `syncProfiles(source, { state })`.
 * @throws TypeError naming the option that is wrong.
 * @category Incremental sync
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { IterableClient } from '@subsets/iterable';
 * import { createRedisRateLimiter, createRedisState } from '@subsets/iterable/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const rateLimit = createRedisRateLimiter({ redis, key: 'acme-production' });
 * const client = new IterableClient({ rateLimit });
 * const profiles = [{ userId: 'user-1', churnRisk: 0.27 }];
 * const report = await client.syncProfiles(profiles, { state: createRedisState({ redis }) });
 * console.log(`${report.succeeded} sent, ${report.unchanged} unchanged`);
 * redis.disconnect();
 * ```
 */
export function createRedisState(options: RedisStateOptions): SyncState {
  const { redis, keyPrefix, scope: own, buckets, timeoutMs } = resolveRedisStateOptions(options);
  const name = `redis (${keyPrefix})`;

  /** Runs one script, or rejects with a StateStoreError once it failed or `timeoutMs` passed. */
  const run = (action: string, script: string, keys: string[], args: string[]): Promise<unknown> =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new StateStoreError(
            name,
            `Redis did not answer within ${timeoutMs} ms while trying to ${action}. Check that Redis is ` +
              'reachable (the sync stops rather than resend everything).',
          ),
        );
      }, timeoutMs);
      redis.eval(script, keys.length, ...keys, ...args).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(
            new StateStoreError(name, `Redis failed while trying to ${action}: ${messageOf(error)}`, error),
          );
        },
      );
    });

  /** Splits `count` items into runs of at most {@link USERS_PER_CALL}, one call each, in parallel. */
  const chunked = <T>(count: number, call: (start: number, end: number) => Promise<T>): Promise<T[]> => {
    const calls: Promise<T>[] = [];
    for (let start = 0; start < count; start += USERS_PER_CALL) {
      calls.push(call(start, Math.min(start + USERS_PER_CALL, count)));
    }
    return Promise.all(calls);
  };

  return {
    name,
    async get(scope: string, userIds: readonly string[]): Promise<ReadonlyArray<string | undefined>> {
      const prefix = scopePrefix(keyPrefix, scopeOf(own, scope), buckets);
      const parts = await chunked(userIds.length, async (start, end) => {
        const ids = userIds.slice(start, end);
        const keys = ids.map((userId) => bucketKey(prefix, userId, buckets));
        const values = await run('read fingerprints', GET_SCRIPT, keys, ids);
        if (!Array.isArray(values) || values.length !== ids.length) {
          throw new StateStoreError(
            name,
            `Redis answered ${String(values)} to a read of ${ids.length} users`,
          );
        }
        return values.map((value: unknown) => (typeof value === 'string' ? value : undefined));
      });
      return parts.flat();
    },
    async set(scope: string, entries: readonly StateEntry[]): Promise<void> {
      const prefix = scopePrefix(keyPrefix, scopeOf(own, scope), buckets);
      await chunked(entries.length, (start, end) => {
        const keys: string[] = [];
        const args: string[] = [];
        for (let i = start; i < end; i++) {
          const { userId, fingerprint } = entries[i] as StateEntry;
          keys.push(bucketKey(prefix, userId, buckets));
          args.push(userId, fingerprint);
        }
        return run('record fingerprints', SET_SCRIPT, keys, args);
      });
    },
  };
}
