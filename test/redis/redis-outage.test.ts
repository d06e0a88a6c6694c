import { afterEach, expect, it } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import type { RateLimiter } from '../../src/policies/rate-limiter.js';
import { createRedisRateLimiter, RedisRateLimiterError } from '../../src/redis/index.js';
import { type FakeIterable, startFakeIterable } from '../../src/testing/index.js';
import { rejectionOf } from '../support/rejection-of.js';
import { closedPort, deadRedis, recordingLogger, uniquePrefix } from './support.js';

// No Redis needed: the limiter talks to a port nothing listens on, as one whose Redis went away does.

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A stand-in, and a client whose Redis limiter cannot reach Redis and counts its `acquire` calls. */
async function clientWithRedisDown(): Promise<{
  client: IterableClient;
  iterable: FakeIterable;
  acquires: () => number;
  logger: ReturnType<typeof recordingLogger>;
}> {
  const down = deadRedis(await closedPort());
  const iterable = await startFakeIterable({ recordRequests: 'metadata' });
  cleanups.push(
    () => down.disconnect(),
    () => iterable.close(),
  );
  const shared = createRedisRateLimiter({
    redis: down,
    key: 'down',
    keyPrefix: uniquePrefix('outage'),
    timeoutMs: 100,
  });
  let acquires = 0;
  const counted: RateLimiter = {
    acquire: (signal) => {
      acquires += 1;
      return shared.acquire(signal);
    },
  };
  const logger = recordingLogger();
  const client = new IterableClient({
    apiKey: iterable.apiKey,
    baseUrl: iterable.url,
    rateLimit: counted,
    retry: { retries: 5, minDelayMs: 0 },
    logger,
  });
  return { client, iterable, acquires: () => acquires, logger };
}

it('a Redis outage inside a request fails closed at once: the retry policy does not repeat it', async () => {
  const { client, iterable, acquires, logger } = await clientWithRedisDown();
  const error = await rejectionOf(client.bulkUpdate([{ userId: 'u-1', dataFields: { a: '1' } }]));
  expect(error).toBeInstanceOf(RedisRateLimiterError);
  expect((error as RedisRateLimiterError).retryable).toBe(true);
  expect(acquires()).toBe(1);
  expect(logger.lines.filter((line) => line.startsWith('debug: retrying'))).toEqual([]);
  expect(iterable.requests).toEqual([]);
});

it('a sync whose Redis is down tries each batch once and reports its users as worth a later run', async () => {
  const { client, iterable, acquires } = await clientWithRedisDown();
  const profiles = Array.from({ length: 30 }, (_, i) => ({ userId: `u${i}`, churnRisk: 0.5 }));
  const report = await client.syncProfiles(profiles, { batchSize: 10 });
  expect(acquires()).toBe(3);
  expect(report.failed).toBe(30);
  const outcomes = new Set(report.failures.map(({ reason, retryable }) => `${reason} ${retryable}`));
  expect(outcomes).toEqual(new Set(['request-failed true']));
  expect(iterable.requests).toEqual([]);
});
