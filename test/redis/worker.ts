/**
 * One worker process of the shared-limit test: syncs its own users into the stand-in, with either
 * the Redis limiter or the client's default in-memory one, and prints its SyncReport counts as
 * its last line.
 *
 * Run as `node --import tsx test/redis/worker.ts '<config JSON>'` with ITERABLE_API_KEY set. It
 * prints `ready` once set up, then waits for a `go` line on stdin, so that every worker starts
 * at the same moment.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { IterableClient } from '../../src/client/client.js';
import { createRedisRateLimiter } from '../../src/redis/index.js';

/** What the test tells a worker. */
export interface WorkerConfig {
  /** The stand-in's base URL. */
  readonly baseUrl: string;
  /** `redis`: the shared limiter; `memory`: the client's default `rateLimit: 5`. */
  readonly mode: 'redis' | 'memory';
  readonly redisUrl: string;
  /** Shared by the workers of one run. */
  readonly key: string;
  readonly keyPrefix: string;
  /** The Redis limiter's `marginMs`; `undefined` for its default. */
  readonly marginMs: number | undefined;
  /** Distinguishes the workers' userIds. */
  readonly worker: number;
  /** Batches of 1,000 profiles to sync. */
  readonly batches: number;
}

const config = JSON.parse(process.argv[2] ?? '') as WorkerConfig;
const redis = config.mode === 'redis' ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
const client = new IterableClient({
  baseUrl: config.baseUrl,
  ...(redis && {
    rateLimit: createRedisRateLimiter({
      redis,
      key: config.key,
      keyPrefix: config.keyPrefix,
      marginMs: config.marginMs,
    }),
  }),
});

function* profiles() {
  for (let i = 0; i < config.batches * 1000; i++) {
    yield { userId: `w${config.worker}-u${i}`, churnRisk: (i % 100) / 100 };
  }
}

const lines = createInterface({ input: process.stdin });
await redis?.ping();
process.stdout.write('ready\n');
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();

const report = await client.syncProfiles(profiles());
const { failures, createdFields, filteredOutFields, ...counts } = report;
process.stdout.write(`${JSON.stringify({ ...counts, firstFailure: failures[0]?.message })}\n`);
redis?.disconnect();
