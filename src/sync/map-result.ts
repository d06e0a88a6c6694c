/**
 * Mapping stage: a batch's answer (or the error that ended it) in, each user's outcome out.
 */

import type { BulkUpdateResult, FailedUserUpdates } from '../client/types.js';
import { messageOf } from '../errors/message-of.js';
import { IterableTypeMismatchError } from '../errors/type-mismatch-error.js';
import { profileDataFields } from '../profile/to-iterable-user.js';
import type { Batch } from './batcher.js';
import { type BatchOutcome, type EntryFailure, failEntry, succeedEntry } from './outcome.js';
import type { SyncFailureReason } from './report.js';
import type { RequestPlan } from './request-plan.js';

/** Why Iterable did not update one user of a batch. */
export interface UserRejection {
  readonly reason: SyncFailureReason;
  readonly message: string;
}

/** Why Iterable lists a userId in `invalidUserIds`. */
const INVALID_USER_ID = 'Iterable rejected the userId as invalid';

const USER_ID_LISTS: ReadonlyArray<readonly [keyof FailedUserUpdates, SyncFailureReason, string]> = [
  ['invalidUserIds', 'invalid-user-id', INVALID_USER_ID],
  ['conflictUserIds', 'conflict', 'another Iterable user already holds this userId'],
  ['forgottenUserIds', 'forgotten', 'the user was forgotten (GDPR) and can no longer be updated'],
  ['invalidDataUserIds', 'invalid-data', 'Iterable rejected the data of this user'],
  [
    'notFoundUserIds',
    'not-found',
    'the project has no user with this userId; set createMissingUsers to create it',
  ],
];

function collect(
  into: Map<string, UserRejection>,
  list: unknown,
  reason: SyncFailureReason,
  message: string,
): void {
  if (!Array.isArray(list)) return;
  for (const id of list) {
    if (typeof id === 'string' && !into.has(id)) into.set(id, { reason, message });
  }
}

/**
 * Reads every userId failure list of a bulkUpdate answer, the deprecated top-level one included,
 * and returns the rejected users keyed by userId. (The sync sends users by userId only, so the
 * email lists cannot name one of its users.)
 */
export function rejectedUsers(result: BulkUpdateResult): Map<string, UserRejection> {
  const byUserId = new Map<string, UserRejection>();
  const failed = result.failedUpdates;
  if (failed) {
    for (const [key, reason, message] of USER_ID_LISTS) collect(byUserId, failed[key], reason, message);
  }
  collect(byUserId, result.invalidUserIds, 'invalid-user-id', INVALID_USER_ID);
  return byUserId;
}

/**
 * Each user's outcome after Iterable answered the plan's request, given the users the answer
 * rejected (see {@link rejectedUsers}; empty when the plan sent nobody).
 */
export function mapAnswer(
  outcome: BatchOutcome,
  batch: Batch,
  plan: RequestPlan,
  rejected: ReadonlyMap<string, UserRejection>,
  dropped: ReadonlyMap<string, string>,
): BatchOutcome {
  for (const entry of batch.entries) {
    const rejection = plan.excluded.has(entry) ? undefined : rejected.get(entry.profile.userId);
    const field = plan.lost.get(entry);
    if (plan.held.has(entry)) failEntry(outcome, entry, heldFailure(plan));
    else if (rejection) failEntry(outcome, entry, { ...rejection, retryable: false });
    else if (field !== undefined) {
      const rest = plan.excluded.has(entry)
        ? 'it had no other field to send'
        : "the user's other fields were updated";
      failEntry(outcome, entry, {
        reason: 'type-mismatch',
        message: `Iterable holds ${field} as ${dropped.get(field)}, not string; ${rest}`,
        retryable: false,
        field,
      });
    } else succeedEntry(outcome, entry);
  }
  return outcome;
}

/** Each user's outcome when the plan's request failed for good with `error`. */
export function mapFailure(
  outcome: BatchOutcome,
  batch: Batch,
  plan: RequestPlan,
  error: unknown,
  retryable: boolean,
): BatchOutcome {
  const message = messageOf(error);
  const mismatch = error instanceof IterableTypeMismatchError ? error : undefined;
  for (const entry of batch.entries) {
    if (plan.held.has(entry)) {
      failEntry(outcome, entry, heldFailure(plan));
      continue;
    }
    const field =
      plan.lost.get(entry) ??
      mismatch?.fields.find(({ field }) => field in profileDataFields(entry.profile))?.field;
    if (mismatch !== undefined || field !== undefined) {
      failEntry(outcome, entry, {
        reason: 'type-mismatch',
        message: `Iterable holds ${field ?? 'a Subsets field'} with another type than string: ${message}`,
        retryable: false,
        ...(field === undefined ? {} : { field }),
      });
    } else failEntry(outcome, entry, { reason: 'request-failed', message, retryable });
  }
  return outcome;
}

/** The failure of a user held back because the field check could not be made. */
function heldFailure(plan: RequestPlan): EntryFailure {
  const field = plan.hold?.field ?? 'a field';
  const cause = messageOf(plan.hold?.error);
  return {
    reason: 'request-failed',
    message:
      `not sent: reading the project's fields to make sure ${field} exists failed (${cause}); ` +
      'written before it exists, Iterable would create it typed date',
    retryable: true,
    field,
  };
}
