/**
 * One job's run: a BullMQ job in; its project resolved, synced through the project's shared limit
 * and state, and the SyncReport out (or the error the job fails with).
 */

import type { Job } from 'bullmq';
import { IterableClient } from '../client/client.js';
import type { Logger } from '../client/logger.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import type { SyncState } from '../state/sync-state.js';
import type { SyncReport } from '../sync/report.js';
import type { ProjectSyncJob } from './job.js';
import { toJobError } from './job-error.js';
import type { ProjectSyncResolver } from './options.js';
import { relayProgress } from './progress.js';
import { checkProjectName } from './project-name.js';
import { ProjectSyncIncompleteError, retryableFailures } from './project-sync-incomplete-error.js';

/** What every job of one worker shares. */
export interface JobRunner<Source> {
  readonly resolve: ProjectSyncResolver<Source>;
  /** The shared limiter of a project, one per process and project. */
  readonly limiterFor: (project: string) => RateLimiter;
  /** The state of jobs whose resolver names none. */
  readonly defaultState: SyncState;
  readonly logger: Logger;
}

/** Runs one job; rejects with the error the job fails with (see `toJobError`). */
export async function runProjectSync<Source>(
  runner: JobRunner<Source>,
  job: Job<ProjectSyncJob<Source>, SyncReport>,
  signal: AbortSignal,
): Promise<SyncReport> {
  const { logger } = runner;
  const label = `fleet: job ${job.id}`;
  let project = '(unnamed)';
  try {
    project = checkProjectName(job.data?.project);
    logger.info(`${label} (project ${project}) started, attempt ${job.attemptsMade + 1}`);
    const resolved = await runner.resolve(job.data, {
      jobId: String(job.id),
      attemptsMade: job.attemptsMade,
      signal,
    });
    if (resolved === null || typeof resolved !== 'object') {
      throw new TypeError('the resolver must return { client, profiles, state? }');
    }
    const client = new IterableClient({ ...resolved.client, rateLimit: runner.limiterFor(project) });
    const report = await client.syncProfiles(resolved.profiles, {
      ...resolved.sync,
      state: resolved.state === false ? undefined : (resolved.state ?? runner.defaultState),
      resync: job.data.resync ?? false,
      signal,
      onProgress: relayProgress(job, logger),
    });
    if (retryableFailures(report) > 0) throw new ProjectSyncIncompleteError(project, report);
    logger.info(
      `${label} (project ${project}) done: ${report.succeeded} succeeded, ${report.unchanged} unchanged, ` +
        `${report.failed} failed, ${report.invalid} invalid in ${Math.round(report.durationMs)} ms`,
    );
    return report;
  } catch (error) {
    const failure = toJobError(error);
    logger.error(`${label} (project ${project}) failed: ${failure.message}`);
    throw failure;
  }
}
