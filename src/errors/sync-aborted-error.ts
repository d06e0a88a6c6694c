import { failedCounts, reportJson, type SyncReport } from '../sync/report.js';
import { IterableError } from './iterable-error.js';

/**
 * A sync was stopped through its `signal`. `report` counts every profile: those answered before the
 * abort as succeeded, failed or invalid, and the rest as `aborted`.
 * @category Errors
 */
export class SyncAbortedError extends IterableError {
  /** The report at the moment the sync stopped; `total === succeeded + unchanged + failed + invalid + aborted`. */
  declare readonly report: SyncReport;

  /**
   * @param report - The report at the moment of the abort.
   * @param cause - The signal's reason.
   */
  constructor(report: SyncReport, cause?: unknown) {
    super(
      `Sync aborted: ${report.succeeded} succeeded, ${failedCounts(report)}, ` +
        `${report.aborted} not sent. Running the same sync again is safe: updates merge.`,
      { cause },
    );
    this.name = 'SyncAbortedError';
    this.report = report;
  }

  /** As {@link IterableError.toJSON}, with `report` as its counts (`failures` is their number). */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), report: reportJson(this.report) };
  }
}
