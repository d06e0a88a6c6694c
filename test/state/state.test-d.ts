import type { Cluster, Redis } from 'ioredis';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createMemoryState,
  type IterableError,
  type MemoryStateOptions,
  type StateEntry,
  type StateStoreError,
  type SyncState,
} from '../../src/index.js';
import { createLmdbState, type LmdbState, type LmdbStateOptions } from '../../src/lmdb/index.js';
import { createRedisState, type RedisStateOptions } from '../../src/redis/index.js';

describe('state store types', () => {
  it('makes every store a SyncState', () => {
    expectTypeOf(createMemoryState).returns.toEqualTypeOf<SyncState>();
    expectTypeOf(createLmdbState).returns.toEqualTypeOf<LmdbState>();
    expectTypeOf<LmdbState>().toMatchTypeOf<SyncState>();
    expectTypeOf<LmdbState['close']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(createRedisState).returns.toEqualTypeOf<SyncState>();
  });

  it('reads and records in bulk, asynchronously', () => {
    expectTypeOf<SyncState['get']>().parameters.toEqualTypeOf<[string, readonly string[]]>();
    expectTypeOf<SyncState['get']>().returns.toEqualTypeOf<Promise<ReadonlyArray<string | undefined>>>();
    expectTypeOf<SyncState['set']>().parameters.toEqualTypeOf<[string, readonly StateEntry[]]>();
    expectTypeOf<SyncState['set']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('needs only a path for LMDB and a client for Redis', () => {
    expectTypeOf<Record<string, never>>().toMatchTypeOf<MemoryStateOptions>();
    expectTypeOf<{ path: string }>().toMatchTypeOf<LmdbStateOptions>();
    expectTypeOf<{ scope: string }>().not.toMatchTypeOf<LmdbStateOptions>();
    expectTypeOf<{ redis: Redis }>().toMatchTypeOf<RedisStateOptions>();
    expectTypeOf<{ redis: Cluster; keyPrefix: string; buckets: number }>().toMatchTypeOf<RedisStateOptions>();
    expectTypeOf<{ keyPrefix: string }>().not.toMatchTypeOf<RedisStateOptions>();
  });

  it('fails with an IterableError that names the store', () => {
    expectTypeOf<StateStoreError>().toMatchTypeOf<IterableError>();
    expectTypeOf<StateStoreError['store']>().toEqualTypeOf<string>();
  });
});
