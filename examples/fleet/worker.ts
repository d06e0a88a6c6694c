/**
 * One sync worker of the fleet example: takes project sync jobs from the `iterable-sync` queue
 * until it gets SIGTERM. Start as many as you like, on any machine that reaches the Redis.
 *
 * Each project's API key comes from the environment (`ITERABLE_API_KEY_<PROJECT>`, upper case),
 * its host from `ITERABLE_BASE_URL_<PROJECT>` (else the US data center); a real fleet would read
 * them from its secret store. The job's `source` is the number of profiles to make up.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/fleet/worker.ts
 */
import type { ProjectSyncJob } from '@subsets/iterable/fleet';
import { createSyncWorker } from '@subsets/iterable/fleet';
import { Redis } from 'ioredis';

/** What this example's jobs carry as `source`. */
export interface ExampleSource {
  readonly profiles: number;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `worker ${process.pid}`;

function secret(prefix: string, project: string): string | undefined {
  return process.env[`${prefix}_${project.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
}

function* profilesOf({ project, source }: ProjectSyncJob<ExampleSource>) {
  for (let i = 0; i < source.profiles; i++) {
    yield { userId: `subsets-example-${project}-${i}`, churnRisk: ((i * 37) % 100) / 100 };
  }
}

// BullMQ's connection waits while Redis reconnects; the limiters' connection fails fast.
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

const worker = createSyncWorker<ExampleSource>({
  queue: 'iterable-sync',
  connection,
  redis,
  concurrency: 10,
  logger: {
    debug: () => {},
    info: (message) => console.info(`[${name}] ${message}`),
    warn: (message) => console.warn(`[${name}] ${message}`),
    error: (message) => console.error(`[${name}] ${message}`),
  },
  resolve: (job) => {
    const apiKey = secret('ITERABLE_API_KEY', job.project);
    if (apiKey === undefined) throw new TypeError(`no API key for project ${job.project}`);
    return {
      client: { apiKey, baseUrl: secret('ITERABLE_BASE_URL', job.project) },
      profiles: profilesOf(job),
    };
  },
});

await worker.waitUntilReady();
console.info(`[${name}] ready`);
process.once('SIGTERM', async () => {
  await worker.close(); // lets running jobs finish
  connection.disconnect();
  redis.disconnect();
});
