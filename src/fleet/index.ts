/**
 * `@subsets/iterable/fleet`: many Iterable projects synced by BullMQ workers on any number of
 * processes and machines, each project's rate limit and state shared through Redis. Needs the
 * optional peer dependencies `bullmq`, `ioredis` and `rate-limiter-flexible`; the main entry never
 * loads them.
 *
 * @module @subsets/iterable/fleet
 */

export { enqueueProjectSync } from './enqueue.js';
export { DEFAULT_SYNC_JOB_OPTIONS, PROJECT_SYNC_JOB_NAME, type ProjectSyncJob } from './job.js';
export type {
  BullWorkerOptions,
  ProjectSyncContext,
  ProjectSyncResolver,
  ResolvedProjectSync,
  SyncWorkerOptions,
} from './options.js';
export { ProjectSyncIncompleteError } from './project-sync-incomplete-error.js';
export { createSyncWorker } from './sync-worker.js';
