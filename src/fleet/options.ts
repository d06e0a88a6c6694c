import type { ConnectionOptions, WorkerOptions } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { IterableClient } from '../client/client.js';
import type { Logger } from '../client/logger.js';
import type { IterableClientOptions } from '../client/options.js';
import type { RedisRateLimiterOptions } from '../redis/options.js';
import type { SyncState } from '../state/sync-state.js';
import type { SyncOptions } from '../sync/options.js';
import type { ProjectSyncJob } from './job.js';

/**
 * What a resolver returns for one job: how to reach the project, its profiles, and (optionally)
 * where its state lives.
 * @category Fleet
 */
export interface ResolvedProjectSync {
  /**
   * The client options of the project: `apiKey` and `region` (or `baseUrl`), and any other
   * option but `rateLimit`, which the worker sets to the project's shared Redis limiter.
   */
  readonly client: Omit<IterableClientOptions, 'rateLimit'>;
  /**
   * The project's profiles, read once, lazily (an array, a generator, a stream of records), as
   * `syncProfiles` takes them: typed profiles, or `untypedProfiles(rows)` for rows not yet checked.
   */
  readonly profiles: Parameters<IterableClient['syncProfiles']>[0];
  /**
   * Where what each user last received is kept, shared by every worker: a job picked up again
   * after a crash (or retried) sends only what Iterable did not confirm. `false`: no state, every
   * attempt sends every profile (updates merge, so this is safe, only slower).
   * @default createRedisState({ redis }) on the worker's `redis`, scoped per project by the sync
   */
  readonly state?: SyncState | false | undefined;
  /** Further `syncProfiles` options; `state`, `resync`, `signal` and `onProgress` are the worker's. */
  readonly sync?: Omit<SyncOptions, 'state' | 'resync' | 'signal' | 'onProgress'> | undefined;
}

/**
 * What a resolver is given besides the job.
 * @category Fleet
 */
export interface ProjectSyncContext {
  /** The BullMQ job id. */
  readonly jobId: string;
  /** Attempts made before this one (0 the first time). */
  readonly attemptsMade: number;
  /** Aborted when the job is cancelled; pass it on to slow lookups. */
  readonly signal: AbortSignal;
}

/**
 * Turns a job into what its sync needs: look the project's API key up (a secret store, an
 * environment variable), open its profile source. Called once per attempt.
 * @category Fleet
 */
export type ProjectSyncResolver<Source = unknown> = (
  job: ProjectSyncJob<Source>,
  context: ProjectSyncContext,
) => ResolvedProjectSync | Promise<ResolvedProjectSync>;

/**
 * BullMQ's own worker options, but `connection` and `concurrency`; one left `undefined` keeps
 * BullMQ's default.
 * @category Fleet
 */
export type BullWorkerOptions = {
  readonly [K in keyof Omit<WorkerOptions, 'connection' | 'concurrency'>]?:
    | Omit<WorkerOptions, 'connection' | 'concurrency'>[K]
    | undefined;
};

/**
 * Options of {@link createSyncWorker}.
 * @category Fleet
 */
export interface SyncWorkerOptions<Source = unknown> {
  /** The BullMQ queue name; the producer adds jobs to the same one. */
  readonly queue: string;
  /**
   * BullMQ's connection: an ioredis client created with `maxRetriesPerRequest: null` (BullMQ's
   * requirement for workers), or its options.
   */
  readonly connection: ConnectionOptions;
  /**
   * An ioredis client for the projects' shared rate limits, separate from `connection`: it
   * should fail fast (`maxRetriesPerRequest: 1`, say) so that a Redis outage stops the sends at
   * once. It stays yours: the worker never closes it.
   */
  readonly redis: Redis | Cluster;
  /** Resolves a job to its client options, profiles and state. */
  readonly resolve: ProjectSyncResolver<Source>;
  /**
   * Jobs one worker process runs at once. Each waits on its project's limit most of the time, so
   * one process serves many projects: about 25 at full speed per CPU core.
   * @default 10
   */
  readonly concurrency?: number | undefined;
  /**
   * Options of each project's Redis limiter (`createRedisRateLimiter`), except `redis` and `key`
   * (the job's `project`). Every worker of a fleet must use the same values.
   * @default {} (5 requests/s, fail closed when Redis does not answer)
   */
  readonly rateLimit?: Omit<RedisRateLimiterOptions, 'redis' | 'key'> | undefined;
  /** Where the worker says which job started, finished or failed, and why. Never given an API key. */
  readonly logger?: Logger | undefined;
  /**
   * Further BullMQ worker options (`lockDuration`, `stalledInterval`, `maxStalledCount`, `prefix`,
   * `autorun`, ...).
   */
  readonly worker?: BullWorkerOptions | undefined;
}
