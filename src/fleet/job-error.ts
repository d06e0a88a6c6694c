/**
 * Failure classification: an error thrown by a job's resolver or sync in; the error the job
 * fails with out, so that BullMQ's retry settings apply only to what a retry can fix.
 */

import { UnrecoverableError } from 'bullmq';
import { IterableError } from '../errors/iterable-error.js';
import { SyncAbortedError } from '../errors/sync-aborted-error.js';
import { StateStoreError } from '../state/state-store-error.js';

/**
 * The error a job fails with:
 * - a `TypeError` (a resolver that returned wrong options) or an `IterableError` that is not
 *   `retryable` (`IterableAuthError`, `FieldSetupRequiredError`, `FieldTypeConflictError`, ...)
 *   becomes BullMQ's `UnrecoverableError`, with the original name and message: no retry;
 * - anything else (a network error, Redis away, a `StateStoreError` from a store that failed, a
 *   `SyncAbortedError` when the job was cancelled) is failed as is, and BullMQ's `attempts` and
 *   `backoff` decide.
 */
export function toJobError(error: unknown): Error {
  if (error instanceof UnrecoverableError) return error;
  if (error instanceof SyncAbortedError) return error;
  // A store that failed (Redis away, a timeout) may answer on a later attempt, after the backoff.
  if (error instanceof StateStoreError) return error;
  if (error instanceof TypeError || (error instanceof IterableError && !error.retryable)) {
    const unrecoverable = new UnrecoverableError(`${error.name}: ${error.message}`);
    unrecoverable.cause = error;
    return unrecoverable;
  }
  return error instanceof Error ? error : new Error(String(error));
}
