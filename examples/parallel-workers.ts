/**
 * Three worker processes write to one Iterable project at the same time and share its
 * 5 bulkUpdate requests per second through Redis, so that together they never get a 429.
 *
 * Needs a Redis server: `REDIS_URL` (default `redis://127.0.0.1:6379`). Without one it says so
 * and exits. Against the stand-in (the default), it also counts what the stand-in received.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/parallel-workers.ts
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IterableClient, type IterableClientOptions, type Logger } from '@subsets/iterable';
import { createRedisRateLimiter, projectKeyFromApiKey } from '@subsets/iterable/redis';
import { Redis } from 'ioredis';
import { openTarget, SUBSETS_FIELDS_READY } from './support/target.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKERS = 3;
const PROFILES_PER_WORKER = 1_000;
/** Small batches keep the example quick: 5 requests per worker. Real syncs keep the default 1,000. */
const BATCH_SIZE = 200;

/** What a worker sends back to the parent when its sync is done. */
interface WorkerResult {
  readonly worker: number;
  readonly succeeded: number;
  readonly total: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly seconds: number;
}

/** Warnings and errors to the console; the per-request debug lines are left out. */
const logger: Logger = {
  debug: () => {},
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/** One worker: its own client, its own Redis connection, the project's shared limit. */
async function work(worker: number, clientOptions: IterableClientOptions): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const rateLimit = createRedisRateLimiter({
      redis,
      // Every worker writing to this project must use the same key. A project name or id is
      // best; here the key is derived from the API key, which never reaches Redis itself.
      key: process.env.ITERABLE_PROJECT ?? projectKeyFromApiKey(clientOptions.apiKey ?? ''),
      logger,
    });
    const client = new IterableClient({ ...clientOptions, rateLimit, logger });
    const profiles = Array.from({ length: PROFILES_PER_WORKER }, (_, i) => ({
      userId: `subsets-example-w${worker}-${i}`,
      churnRisk: (i % 100) / 100,
    }));
    const report = await client.syncProfiles(profiles, { batchSize: BATCH_SIZE });
    const result: WorkerResult = {
      worker,
      succeeded: report.succeeded,
      total: report.total,
      requests: report.requests,
      rateLimited: report.rateLimited,
      seconds: report.durationMs / 1000,
    };
    process.send?.(result);
  } finally {
    redis.disconnect();
  }
}

/** Whether Redis answers at `url`; never waits more than a second or two. */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Starts one worker process running this file; resolves with its result. */
function startWorker(worker: number, clientOptions: IterableClientOptions): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['worker', String(worker)], {
      env: { ...process.env, EXAMPLE_CLIENT_OPTIONS: JSON.stringify(clientOptions) },
    });
    let result: WorkerResult | undefined;
    child.on('message', (message) => {
      result = message as WorkerResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`worker ${worker} exited with code ${code}`));
    });
  });
}

/** Most of `times` (ms) that fall in any one-second window. */
function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  sorted.forEach((time, last) => {
    while (time - (sorted[first] as number) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  });
  return most;
}

async function main(): Promise<void> {
  if (!(await redisAnswers(REDIS_URL))) {
    console.log(
      `No Redis answers at ${REDIS_URL}: this example needs one, so it stops here. ` +
        'Start one (for example `docker run --rm -p 6379:6379 redis:7`) or set REDIS_URL.',
    );
    return;
  }
  const target = await openTarget({ fields: SUBSETS_FIELDS_READY, recordRequests: 'metadata' });
  try {
    console.log(
      `${WORKERS} worker processes, one rate limit in Redis at ${REDIS_URL}, writing to ${target.description}:`,
    );
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, worker) => startWorker(worker, target.clientOptions)),
    );
    for (const r of results) {
      console.log(
        `  worker ${r.worker}: ${r.succeeded}/${r.total} updated in ${r.seconds.toFixed(1)} s, ` +
          `${r.requests} requests, ${r.rateLimited} answered 429`,
      );
    }
    if (target.standIn) {
      const arrivals = target.standIn.requests
        .filter((request) => request.endpoint === 'bulkUpdate')
        .map((request) => ({ at: request.receivedAt, limited: request.status === 429 }));
      const times = arrivals.map((a) => a.at);
      const span = (Math.max(...times) - Math.min(...times)) / 1000;
      console.log(
        `  the stand-in received ${arrivals.length} bulkUpdates over ${span.toFixed(1)} s ` +
          `(${((arrivals.length - 1) / span).toFixed(2)}/s), at most ${busiestSecond(times)} in any one second, ` +
          `${arrivals.filter((a) => a.limited).length} answered 429`,
      );
    }
  } finally {
    await target.close();
  }
}

if (process.argv[2] === 'worker') {
  await work(
    Number(process.argv[3]),
    JSON.parse(process.env.EXAMPLE_CLIENT_OPTIONS ?? '{}') as IterableClientOptions,
  );
} else {
  await main();
}
