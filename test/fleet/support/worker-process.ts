/**
 * One fleet worker process for the fleet tests and the bench: a `createSyncWorker` on the test
 * queue whose resolver maps each project to its stand-in and generates the job's profiles.
 *
 * Run as `node --import tsx test/fleet/support/worker-process.ts '<config JSON>'`. Prints `ready`
 * once BullMQ is connected, then one line per event: `progress <jobId> <project> <processed>`,
 * `done <jobId> <project>`, `failed <jobId> <project> <message>`, and `cpu <ms>` (CPU time used so
 * far) after `ready` and on its way out. Exits after SIGTERM, once its running jobs are finished.
 */
import { Redis } from 'ioredis';
import { createSyncWorker } from '../../../src/fleet/index.js';
import { type TestSource, testProfiles } from './profiles.js';

/** What the test tells a worker process. */
export interface WorkerProcessConfig {
  readonly redisUrl: string;
  readonly queue: string;
  /** BullMQ's key prefix, and the prefix of the limiter's and the state's keys. */
  readonly prefix: string;
  /** Each project's stand-in. */
  readonly projects: Readonly<Record<string, { readonly baseUrl: string; readonly apiKey: string }>>;
  readonly concurrency?: number;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  /** The Redis limiter's `marginMs`; its default when absent. */
  readonly marginMs?: number;
  /** Requests per second per project; 5 when absent. */
  readonly requestsPerSecond?: number;
  /** The Redis limiter's `firstRequestMarginMs`; its default when absent. */
  readonly firstRequestMarginMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '') as WorkerProcessConfig;
const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
const say = (line: string) => process.stdout.write(`${line}\n`);

const worker = createSyncWorker<TestSource>({
  queue: config.queue,
  connection,
  redis,
  concurrency: config.concurrency,
  rateLimit: {
    keyPrefix: `${config.prefix}:limit`,
    marginMs: config.marginMs,
    requestsPerSecond: config.requestsPerSecond,
    firstRequestMarginMs: config.firstRequestMarginMs,
  },
  worker: {
    prefix: config.prefix,
    lockDuration: config.lockDuration,
    stalledInterval: config.stalledInterval,
  },
  logger: { debug: () => {}, info: () => {}, warn: (m) => say(`warn ${m}`), error: (m) => say(`error ${m}`) },
  resolve: ({ project, source }) => {
    const target = config.projects[project];
    if (target === undefined) throw new TypeError(`no stand-in for project ${project}`);
    return {
      client: { apiKey: target.apiKey, baseUrl: target.baseUrl },
      // No `state`: the worker's default, createRedisState on `redis`.
      profiles: testProfiles(project, source),
    };
  },
});
worker.on('progress', (job, progress) => {
  say(`progress ${job.id} ${job.data.project} ${(progress as { processed: number }).processed}`);
});
worker.on('completed', (job) => say(`done ${job.id} ${job.data.project}`));
worker.on('failed', (job, error) => say(`failed ${job?.id} ${job?.data.project} ${error.message}`));

const cpuMs = () => {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
};
await worker.waitUntilReady();
say('ready');
say(`cpu ${cpuMs()}`);
process.on('SIGTERM', () => {
  void worker.close().finally(() => {
    say(`cpu ${cpuMs()}`);
    connection.disconnect();
    redis.disconnect();
    process.exit(0);
  });
});
