/**
 * Progress relay: a sync's progress snapshots in; `job.updateProgress` calls out, at most one in
 * flight, the newest snapshot sent next and older ones dropped. The sync never waits for Redis
 * here, so a slow or lost Redis delays the progress shown, never the sync.
 */

import type { Job } from 'bullmq';
import type { Logger } from '../client/logger.js';
import { messageOf } from '../errors/message-of.js';
import type { SyncProgress } from '../sync/report.js';

/** Returns the `onProgress` to give the sync. */
export function relayProgress(job: Pick<Job, 'id' | 'updateProgress'>, logger: Logger) {
  let sending = false;
  let next: SyncProgress | undefined;
  const send = (progress: SyncProgress): void => {
    sending = true;
    job
      .updateProgress({ ...progress })
      .catch((error: unknown) => {
        logger.warn(`fleet: job ${job.id}: progress not saved (${messageOf(error)})`);
      })
      .finally(() => {
        sending = false;
        const latest = next;
        next = undefined;
        if (latest !== undefined) send(latest);
      });
  };
  return (progress: SyncProgress): void => {
    if (sending) next = progress;
    else send(progress);
  };
}
