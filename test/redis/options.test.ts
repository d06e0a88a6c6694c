import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisRateLimiter, projectKeyFromApiKey } from '../../src/redis/index.js';
import type { RedisRateLimiterOptions } from '../../src/redis/options.js';

// Never connects: option checks happen before any command.
const redis = new Redis({ lazyConnect: true });
afterAll(() => redis.disconnect());
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('projectKeyFromApiKey', () => {
  const apiKey = 'fedcba9876543210fedcba9876543210';

  it('derives the same key from the same API key, and another from another', () => {
    expect(projectKeyFromApiKey(apiKey)).toBe(projectKeyFromApiKey(apiKey));
    expect(projectKeyFromApiKey(apiKey)).not.toBe(projectKeyFromApiKey(`${apiKey.slice(1)}0`));
  });

  it('is a SHA-256 hash that reveals nothing of the API key', () => {
    const key = projectKeyFromApiKey(apiKey);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(key).not.toContain(apiKey);
    expect(key).not.toContain(apiKey.slice(0, 8));
  });

  it('is accepted as a limiter key', () => {
    expect(() => createRedisRateLimiter({ redis, key: projectKeyFromApiKey(apiKey) })).not.toThrow();
  });

  it('rejects an empty API key', () => {
    expect(() => projectKeyFromApiKey('')).toThrow(TypeError);
    expect(() => projectKeyFromApiKey(undefined as unknown as string)).toThrow(/apiKey/);
  });
});

describe('createRedisRateLimiter options', () => {
  it('refuses a key that is an Iterable API key', () => {
    expect(() => createRedisRateLimiter({ redis, key: '0123456789abcdef0123456789ABCDEF' })).toThrow(
      /key must not be an Iterable API key.*projectKeyFromApiKey/,
    );
  });

  it('refuses a key that contains ITERABLE_API_KEY, whatever its shape', () => {
    vi.stubEnv('ITERABLE_API_KEY', 'my-secret-key-1');
    expect(() => createRedisRateLimiter({ redis, key: 'project:my-secret-key-1' })).toThrow(TypeError);
    expect(() => createRedisRateLimiter({ redis, key: 'project-7' })).not.toThrow();
  });

  it.each<[string, Partial<RedisRateLimiterOptions>, RegExp]>([
    ['redis', { redis: {} as Redis }, /^redis must be an ioredis client/],
    ['key', { key: ' ' }, /^key must be a non-empty string/],
    [
      'requestsPerSecond',
      { requestsPerSecond: 2.5 },
      /^requestsPerSecond must be a whole number ≥ 1 \(got 2\.5\)/,
    ],
    ['requestsPerSecond', { requestsPerSecond: 0 }, /^requestsPerSecond/],
    ['marginMs', { marginMs: -1 }, /^marginMs must be a number ≥ 0/],
    ['firstRequestMarginMs', { firstRequestMarginMs: Number.NaN }, /^firstRequestMarginMs/],
    ['keyPrefix', { keyPrefix: '' }, /^keyPrefix must be a non-empty string/],
    [
      'onRedisError',
      { onRedisError: 'retry' as 'fail' },
      /^onRedisError must be 'fail' or 'local' \(got "retry"\)/,
    ],
    ['timeoutMs', { timeoutMs: 0 }, /^timeoutMs must be a number > 0 \(got 0\)/],
    ['logger', { logger: { warn: () => undefined } as never }, /^logger\.debug must be a function/],
  ])('throws a TypeError naming %s', (_name, override, message) => {
    const create = () => createRedisRateLimiter({ redis, key: 'project-7', ...override });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(message);
  });

  it('needs no connection to be created', () => {
    const limiter = createRedisRateLimiter({ redis, key: 'project-7' });
    expect(typeof limiter.acquire).toBe('function');
    expect(typeof limiter.penalize).toBe('function');
    expect(redis.status).toBe('wait');
  });
});
