export { recordingLogger } from '../support/recording-logger.js';

import { type AddressInfo, createServer } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { beforeAll, describe } from 'vitest';

/** Where the tests find Redis: `REDIS_URL`, else the port test/redis/start-redis.sh uses. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';

/** A client for one test file; fails fast instead of queueing commands while disconnected. */
export function connect(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
}

async function probe(): Promise<string | undefined> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the 'error' event has the reason (ECONNREFUSED ...).
  let reason: string | undefined;
  redis.on('error', (error: Error) => {
    reason ??= error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return reason ?? (error instanceof Error ? error.message : String(error));
  } finally {
    redis.disconnect();
  }
}

/** Why Redis cannot be used, or `undefined` when it answers. */
export const redisProblem = await probe();

/**
 * A `describe` for tests that need a real Redis. Without one they are skipped with a loud warning,
 * except in CI (`CI` set), where every test of the block fails with the reason.
 */
export function describeWithRedis(name: string, body: () => void): void {
  const inCi = Boolean(process.env.CI);
  if (redisProblem !== undefined && !inCi) {
    console.warn(
      `\n⚠️  SKIPPED "${name}": no Redis at ${REDIS_URL} (${redisProblem}).\n` +
        '   Start one with test/redis/start-redis.sh, or point REDIS_URL at one.\n',
    );
  }
  describe.skipIf(redisProblem !== undefined && !inCi)(name, () => {
    beforeAll(() => {
      if (redisProblem !== undefined) {
        throw new Error(
          `Redis is required in CI but ${REDIS_URL} does not answer (${redisProblem}). ` +
            'Run test/redis/start-redis.sh before the tests, or set REDIS_URL.',
        );
      }
    });
    body();
  });
}

/** Most timestamps that fall in any window `[t, t + windowMs)`. */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** A prefix no other test run uses, so that runs never share Redis keys. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}`;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A client for a Redis that is down: ioredis keeps reconnecting and queues commands meanwhile,
 * which is what callers see when their Redis goes away.
 */
export function deadRedis(port: number, options: RedisOptions = {}): Redis {
  const redis = new Redis({ host: '127.0.0.1', port, ...options });
  redis.on('error', () => undefined);
  return redis;
}
