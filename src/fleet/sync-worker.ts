import { Worker, type WorkerOptions } from 'bullmq';
import { resolveLogger } from '../client/logger.js';
import * as check from '../options/check.js';
import { assertOptionsObject } from '../options/check.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import { createRedisRateLimiter } from '../redis/redis-rate-limiter.js';
import { createRedisState } from '../redis/redis-state.js';
import type { SyncReport } from '../sync/report.js';
import type { ProjectSyncJob } from './job.js';
import type { BullWorkerOptions, SyncWorkerOptions } from './options.js';
import { runProjectSync } from './run-job.js';

/**
 * Turns a BullMQ worker into a sync worker: it takes jobs added by {@link enqueueProjectSync} from
 * `queue`, asks your `resolve` for each project's API key and profiles, syncs them, reports
 * progress through `job.updateProgress` and finishes the job with the SyncReport.
 *
 * Run as many worker processes, on as many machines, as you like: every request to a project waits
 * for that project's Redis limiter (key: the job's `project`), so together they stay within 5
 * requests/s per project, and projects do not wait for one another. Each project's sync state is
 * kept in the same Redis (`createRedisState`, unless the resolver gives another store): a worker
 * that dies mid-job loses its lock, BullMQ's stalled-job check hands the job to another worker,
 * and its sync skips what Iterable already confirmed.
 *
 * Failures: a sync that cannot succeed by trying again (bad key, missing field, type conflict)
 * fails its job without retry (`UnrecoverableError`); anything else, including users whose request
 * failed ({@link ProjectSyncIncompleteError}), fails the attempt and BullMQ's `attempts`/`backoff`
 * retry it (see {@link DEFAULT_SYNC_JOB_OPTIONS}). When Redis does not answer, nothing is sent
 * (the limiter fails closed) and the worker logs the reason.
 *
 * @param options - See {@link SyncWorkerOptions}.
 * @returns The BullMQ `Worker`, already running unless `worker.autorun` is `false`. Stop it with
 *   `await worker.close()`, which lets running jobs finish.
 * @throws TypeError naming the option that is wrong.
 *
 * @example
 * ```ts
 * const connection = new Redis(url, { maxRetriesPerRequest: null });
 * const redis = new Redis(url, { maxRetriesPerRequest: 1 });
 * const worker = createSyncWorker({
 *   queue: 'iterable-sync',
 *   connection,
 *   redis,
 *   resolve: async ({ project, source }) => ({
 *     client: { apiKey: await secrets.get(`iterable/${project}`), region: 'us' },
 *     profiles: readProfiles(source),
 *   }),
 * });
 * ```
 * @category Fleet
 */
export function createSyncWorker<Source = unknown>(
  options: SyncWorkerOptions<Source>,
): Worker<ProjectSyncJob<Source>, SyncReport> {
  assertOptionsObject(options);
  const { queue } = options;
  if (typeof queue !== 'string' || queue === '') throw new TypeError('queue must be a non-empty string');
  const resolve = check.fn('resolve', options.resolve);
  const concurrency = check.wholeNumber('concurrency', options.concurrency ?? 10, 1);
  const logger = resolveLogger(options.logger);
  if (options.connection === null || typeof options.connection !== 'object') {
    throw new TypeError('connection must be an ioredis client or BullMQ connection options');
  }
  const { redis, rateLimit = {} } = options;

  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (project: string): RateLimiter => {
    let limiter = limiters.get(project);
    if (limiter === undefined) {
      limiter = createRedisRateLimiter({ logger, ...rateLimit, redis, key: project });
      limiters.set(project, limiter);
    }
    return limiter;
  };
  // Checks `redis` and `rateLimit` now rather than at the first job.
  createRedisRateLimiter({ ...rateLimit, redis, key: 'fleet-option-check' });

  const runner = { resolve, limiterFor, logger, defaultState: createRedisState({ redis }) };
  const worker = new Worker<ProjectSyncJob<Source>, SyncReport>(
    queue,
    (job, _token, signal) => runProjectSync(runner, job, signal ?? new AbortController().signal),
    { ...definedOnly(options.worker), connection: options.connection, concurrency },
  );
  worker.on('error', (error: Error) => {
    logger.error(
      `fleet: worker on queue ${queue}: ${error.message}. No job is taken or finished until Redis answers.`,
    );
  });
  return worker;
}

/** `options` without its `undefined` entries, which would hide BullMQ's defaults. */
function definedOnly(options: BullWorkerOptions | undefined): Omit<WorkerOptions, 'connection'> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined)) as Omit<
    WorkerOptions,
    'connection'
  >;
}
