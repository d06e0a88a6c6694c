import type { Cluster, Redis } from 'ioredis';
import { describe, expectTypeOf, it } from 'vitest';
import type { IterableClientOptions, RateLimiter } from '../../src/index.js';
import {
  createRedisRateLimiter,
  projectKeyFromApiKey,
  type RedisErrorBehaviour,
  type RedisRateLimiterError,
  type RedisRateLimiterOptions,
} from '../../src/redis/index.js';

describe('@subsets/iterable/redis types', () => {
  it('returns a RateLimiter the client takes as rateLimit', () => {
    expectTypeOf(createRedisRateLimiter).returns.toEqualTypeOf<RateLimiter>();
    expectTypeOf<RateLimiter>().toMatchTypeOf<NonNullable<IterableClientOptions['rateLimit']>>();
  });

  it('needs redis and key; everything else is optional', () => {
    expectTypeOf<{ redis: Redis; key: string }>().toMatchTypeOf<RedisRateLimiterOptions>();
    expectTypeOf<{ redis: Cluster; key: string }>().toMatchTypeOf<RedisRateLimiterOptions>();
    expectTypeOf<{ key: string }>().not.toMatchTypeOf<RedisRateLimiterOptions>();
    expectTypeOf<{ redis: Redis }>().not.toMatchTypeOf<RedisRateLimiterOptions>();
  });

  it('offers two behaviours on Redis errors', () => {
    expectTypeOf<RedisErrorBehaviour>().toEqualTypeOf<'fail' | 'local'>();
    expectTypeOf<RedisRateLimiterOptions['onRedisError']>().toEqualTypeOf<RedisErrorBehaviour | undefined>();
  });

  it('derives keys from strings and throws IterableErrors', () => {
    expectTypeOf(projectKeyFromApiKey).toEqualTypeOf<(apiKey: string) => string>();
    expectTypeOf<RedisRateLimiterError['redisKey']>().toEqualTypeOf<string>();
    expectTypeOf<RedisRateLimiterError['retryable']>().toEqualTypeOf<boolean>();
  });
});
