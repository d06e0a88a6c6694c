/**
 * A SyncState kept in one Redis hash per scope, for the fleet tests only, until the package's own
 * Redis store is available here: fingerprints by userId, read with HMGET and written with HSET.
 */
import type { Cluster, Redis } from 'ioredis';
import type { StateEntry, SyncState } from '../../../src/state/sync-state.js';

export function createTestRedisHashState(redis: Redis | Cluster, keyPrefix: string): SyncState {
  return {
    name: `test Redis hash under ${keyPrefix}`,
    async get(scope: string, userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      const values = await redis.hmget(`${keyPrefix}:${scope}`, ...userIds);
      return values.map((value) => value ?? undefined);
    },
    async set(scope: string, entries: readonly StateEntry[]) {
      if (entries.length === 0) return;
      const pairs: string[] = [];
      for (const entry of entries) pairs.push(entry.userId, entry.fingerprint);
      await redis.hset(`${keyPrefix}:${scope}`, ...pairs);
    },
  };
}
