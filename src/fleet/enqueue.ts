import type { Job, JobsOptions, Queue } from 'bullmq';
import type { SyncReport } from '../sync/report.js';
import { DEFAULT_SYNC_JOB_OPTIONS, PROJECT_SYNC_JOB_NAME, type ProjectSyncJob } from './job.js';
import { checkProjectName } from './project-name.js';

/**
 * Adds a sync of one project to a BullMQ queue, with {@link DEFAULT_SYNC_JOB_OPTIONS} under the
 * options you pass. Any worker from {@link createSyncWorker} on the same queue picks it up.
 *
 * @param queue - A BullMQ `Queue` (the same name as the workers').
 * @param job - The project and where its profiles come from.
 * @param options - BullMQ job options over the defaults (`jobId`, `delay`, `priority`, `attempts`, ...).
 * @returns The added job; `await job.waitUntilFinished(queueEvents)` resolves with the SyncReport.
 * @throws TypeError when `project` is empty or looks like an API key.
 *
 * @example
 * ```ts
 * const queue = new Queue('iterable-sync', { connection });
 * await enqueueProjectSync(queue, { project: 'acme', source: 's3://exports/acme.csv' });
 * ```
 * @category Fleet
 */
export function enqueueProjectSync<Source>(
  queue: Queue,
  job: ProjectSyncJob<Source>,
  options: JobsOptions = {},
): Promise<Job<ProjectSyncJob<Source>, SyncReport>> {
  if (job === null || typeof job !== 'object')
    throw new TypeError('job must be an object { project, source }');
  checkProjectName(job.project);
  const data: ProjectSyncJob<Source> = { project: job.project, source: job.source, resync: job.resync };
  return queue.add(PROJECT_SYNC_JOB_NAME, data, { ...DEFAULT_SYNC_JOB_OPTIONS, ...options }) as Promise<
    Job<ProjectSyncJob<Source>, SyncReport>
  >;
}
