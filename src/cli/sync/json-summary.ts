/** The `--json` summary of a sync: its outcome goes in, one plain object for `JSON.stringify` comes out. */
import type { CliFailure } from './failure-log.js';
import type { CliSyncReport, SyncOutcome } from './run-sync.js';

/** What `sync --json` and `demo --json` print on stdout. */
export interface JsonSyncSummary extends CliSyncReport {
  /** Invalid profiles by the field that was wrong (`unreadable` for records that could not be read). */
  readonly invalidByField: Readonly<Record<string, number>>;
  /** The first few failures, the same as the printed summary shows. */
  readonly sampleFailures: readonly CliFailure[];
  /** Where the report with every failure was written (`-` for stdout), or `null`. */
  readonly reportPath: string | null;
}

/** The `--json` summary: the report's counts (`unchanged` always), failures by field, a few failures. */
export function jsonSyncSummary(outcome: SyncOutcome, reportPath: string | undefined): JsonSyncSummary {
  return {
    ...outcome.report,
    invalidByField: Object.fromEntries([...outcome.failures.invalidByField].sort((a, b) => b[1] - a[1])),
    sampleFailures: outcome.failures.samples,
    reportPath: reportPath ?? null,
  };
}
