import type { DefaultJobOptions } from 'bullmq';

/**
 * What a sync job carries: which project to sync, and where its profiles come from. It is stored
 * in Redis as JSON, so it holds names and locations, never API keys or profiles.
 * @typeParam Source - Where the profiles come from, as your resolver understands it (a file path,
 *   a table name, `{ bucket, key }`, ...). Must survive `JSON.stringify`.
 * @category Fleet
 */
export interface ProjectSyncJob<Source = unknown> {
  /**
   * Names the Iterable project: a project name or id, never an API key. Every job of the same
   * project, on any worker, shares one rate limit (the Redis limiter's key is this name) and one
   * sync state.
   */
  readonly project: string;
  /** Where the project's profiles come from; handed to your resolver as is. */
  readonly source: Source;
  /**
   * Send every profile, changed or not, and record what Iterable confirms (`syncProfiles`'
   * `resync`). Needs a state.
   * @default false
   */
  readonly resync?: boolean | undefined;
}

/**
 * The BullMQ job name of a project sync.
 * @category Fleet
 */
export const PROJECT_SYNC_JOB_NAME = 'sync-project';

/**
 * The default BullMQ options of a job added by {@link enqueueProjectSync}:
 * - `attempts: 5` with `backoff: { type: 'exponential', delay: 10_000 }`: a job that failed for a
 *   reason that may pass (Iterable or the network down, Redis away, users whose request failed)
 *   runs again after 10 s, 20 s, 40 s and 80 s, then is failed for good. Each attempt resumes from
 *   the project's state, so it sends only what was not confirmed.
 * - A sync that cannot succeed by trying again (a bad API key, a missing field, a type conflict)
 *   is failed at once whatever `attempts` says: the worker throws BullMQ's `UnrecoverableError`.
 * - `removeOnComplete: { age: 7 days, count: 1000 }`, `removeOnFail: { age: 30 days }`: finished
 *   jobs, with their SyncReport or reason, are kept for inspection, not forever.
 *
 * Change any of them per job (the `options` argument of {@link enqueueProjectSync}) or for a whole
 * queue (`new Queue(name, { defaultJobOptions })`, then pass `{}` to keep those).
 * @category Fleet
 */
export const DEFAULT_SYNC_JOB_OPTIONS: Readonly<DefaultJobOptions> = Object.freeze({
  attempts: 5,
  backoff: Object.freeze({ type: 'exponential', delay: 10_000 }),
  removeOnComplete: Object.freeze({ age: 7 * 24 * 3600, count: 1000 }),
  removeOnFail: Object.freeze({ age: 30 * 24 * 3600 }),
});
