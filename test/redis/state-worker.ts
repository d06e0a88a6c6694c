/**
 * One process of the shared-state test: syncs users `from`..`to` into the stand-in, with the
 * Redis state and the Redis rate limiter both processes share, and prints its report counts as its
 * last line. Run as `node --import tsx test/redis/state-worker.ts '<config JSON>'` with
 * ITERABLE_API_KEY set.
 */
import { Redis } from 'ioredis';
import { IterableClient } from '../../src/client/client.js';
import { createRedisRateLimiter, createRedisState } from '../../src/redis/index.js';

/** What the test tells a process. */
export interface StateWorkerConfig {
  readonly baseUrl: string;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly from: number;
  readonly to: number;
}

const config = JSON.parse(process.argv[2] ?? '') as StateWorkerConfig;
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
const client = new IterableClient({
  baseUrl: config.baseUrl,
  retry: false,
  rateLimit: createRedisRateLimiter({
    redis,
    key: 'shared-state-test',
    keyPrefix: config.keyPrefix,
    marginMs: 150,
  }),
});
const state = createRedisState({ redis, keyPrefix: config.keyPrefix });

function* profiles() {
  // Both processes send the same value for a user they share, so the value Iterable ends with is known.
  for (let i = config.from; i < config.to; i++) yield { userId: `u${i}`, churnRisk: (i % 100) / 100 };
}

const report = await client.syncProfiles(profiles(), { state, batchSize: 200 });
const { failures, createdFields, filteredOutFields, ...counts } = report;
process.stdout.write(`${JSON.stringify(counts)}\n`);
redis.disconnect();
