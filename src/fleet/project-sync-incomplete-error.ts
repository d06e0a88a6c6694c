import { IterableError } from '../errors/iterable-error.js';
import { reportJson, type SyncReport } from '../sync/report.js';

/**
 * A fleet job's sync ran to its end, but some users failed for a reason that may pass (their
 * request failed after its retries: Iterable or the network was down, or the shared limiter could
 * not reach Redis). The worker fails the attempt with this error so that BullMQ retries it with
 * backoff; with a state, the retry sends only what Iterable did not confirm. `retryable` is `true`.
 * @category Fleet
 */
export class ProjectSyncIncompleteError extends IterableError {
  /** The project the job synced. */
  declare readonly project: string;
  /** The report of the attempt: what succeeded, and every failure with its reason. */
  declare readonly report: SyncReport;

  /**
   * @param project - The job's project.
   * @param report - The report of the attempt.
   */
  constructor(project: string, report: SyncReport) {
    const first = report.failures.find((failure) => failure.retryable);
    super(
      `Sync of project ${project} incomplete: ${report.succeeded} succeeded, ${report.unchanged} unchanged, ` +
        `${report.failed} failed (${retryableFailures(report)} may succeed on a retry)` +
        `${first === undefined ? '' : `; first: ${first.message}`}`,
      { retryable: true },
    );
    this.name = 'ProjectSyncIncompleteError';
    this.project = project;
    this.report = report;
  }

  /** As {@link IterableError.toJSON}, with `report` as its counts (`failures` is their number). */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), report: reportJson(this.report) };
  }
}

/** Failures in `report.failures` that a later attempt may fix. */
export function retryableFailures(report: SyncReport): number {
  return report.failures.filter((failure) => failure.retryable).length;
}
