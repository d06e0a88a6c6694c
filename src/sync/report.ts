/**
 * Why one user was not updated.
 * @category Syncing
 */
export type SyncFailureReason =
  /** The profile failed `SubsetsProfile` validation; nothing was sent for it. */
  | 'validation'
  /** Iterable rejected the `userId` (`failedUpdates.invalidUserIds`). */
  | 'invalid-user-id'
  /** Iterable rejected an email (`failedUpdates.invalidEmails`). */
  | 'invalid-email'
  /** Iterable rejected other data of the user (`failedUpdates.invalidData*`). */
  | 'invalid-data'
  /** Another profile already holds this identity (`failedUpdates.conflict*`). */
  | 'conflict'
  /** The user was forgotten under GDPR and can no longer be updated (`failedUpdates.forgotten*`). */
  | 'forgotten'
  /** The project has no such user and `createMissingUsers` was off (`failedUpdates.notFound*`). */
  | 'not-found'
  /** A Subsets field exists in the project with another type; `field` names it. */
  | 'type-mismatch'
  /** The request carrying the user failed (after its retries, for a transient error). */
  | 'request-failed';

/**
 * One user that was not updated, and why.
 * @category Syncing
 */
export interface SyncFailure {
  /** The user's `userId`; `undefined` when an invalid profile had none. */
  readonly userId: string | undefined;
  /** Why it failed. */
  readonly reason: SyncFailureReason;
  /** A readable explanation naming the field or the error. */
  readonly message: string;
  /** Whether running the same sync again may succeed for this user. */
  readonly retryable: boolean;
  /** The Iterable field concerned, for `type-mismatch` (and the profile key for `validation` when known). */
  readonly field?: string;
  /** Position of the profile in the source, from 0. */
  readonly index: number;
}

/**
 * The outcome of a sync. Every profile read from the source is counted exactly once:
 * `total === succeeded + unchanged + failed + invalid + aborted`.
 * @category Syncing
 */
export interface SyncReport {
  /** Profiles read from the source. */
  readonly total: number;
  /** Profiles whose user Iterable updated (in a dry run: that would have been sent). */
  readonly succeeded: number;
  /** Profiles skipped because Iterable already holds exactly these values (incremental sync with `state`); 0 without `state`. */
  readonly unchanged: number;
  /** Valid profiles Iterable did not update; each has a failure with a reason. */
  readonly failed: number;
  /** Profiles that failed validation and were never sent. */
  readonly invalid: number;
  /** Profiles read but not answered because the sync was aborted. */
  readonly aborted: number;
  /** bulkUpdate batches answered (in a dry run: built); a batch in flight at an abort is not counted. */
  readonly batches: number;
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  /** Retries made after failed requests. */
  readonly retries: number;
  /** 429 answers received. */
  readonly rateLimited: number;
  /** Wall-clock duration of the sync, in milliseconds. */
  readonly durationMs: number;
  /** Fields Iterable created during the sync. */
  readonly createdFields: readonly string[];
  /** Fields Iterable dropped because the project does not accept new fields (data was lost). */
  readonly filteredOutFields: readonly string[];
  /**
   * Failed and invalid profiles, in the order they were found, at most `maxFailuresInReport` of them
   * (the counts above stay exact; `onFailure` sees every one).
   */
  readonly failures: readonly SyncFailure[];
  /** Whether this was a dry run (nothing sent). */
  readonly dryRun: boolean;
}

/**
 * Progress of a running sync, given to `onProgress` after every batch.
 * @category Syncing
 */
export interface SyncProgress {
  /** Profiles read from the source so far. */
  readonly total: number;
  /** Profiles with a final outcome so far. */
  readonly processed: number;
  /** Profiles updated so far. */
  readonly succeeded: number;
  /** Profiles skipped because Iterable already holds exactly these values (incremental sync with `state`); 0 without `state`. */
  readonly unchanged: number;
  /** Profiles failed so far. */
  readonly failed: number;
  /** Invalid profiles so far. */
  readonly invalid: number;
  /** Batches answered so far. */
  readonly batches: number;
  /** Requests sent so far. */
  readonly requests: number;
  /** 429 answers so far. */
  readonly rateLimited: number;
  /** Milliseconds since the sync started. */
  readonly elapsedMs: number;
}

/**
 * The counts a sync's summaries share: `3 unchanged, 2 failed, 1 invalid`, the unchanged part
 * only when there are some.
 */
export function failedCounts(report: Pick<SyncReport, 'unchanged' | 'failed' | 'invalid'>): string {
  const { unchanged, failed, invalid } = report;
  return `${unchanged > 0 ? `${unchanged} unchanged, ` : ''}${failed} failed, ${invalid} invalid`;
}

/** A report for logs and an error's JSON: `failures` as their count rather than the list. */
export function reportJson(report: SyncReport): Omit<SyncReport, 'failures'> & { failures: number } {
  return { ...report, failures: report.failures.length };
}
