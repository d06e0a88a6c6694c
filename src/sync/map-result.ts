import type { BulkUpdateResult, FailedUserUpdates } from '../client/types.js';
import type { SyncFailureReason } from './report.js';

/** Why Iterable did not update one user of a batch. */
export interface UserRejection {
  readonly reason: SyncFailureReason;
  readonly message: string;
}

const USER_ID_LISTS: ReadonlyArray<readonly [keyof FailedUserUpdates, SyncFailureReason, string]> = [
  ['invalidUserIds', 'invalid-user-id', 'Iterable rejected the userId as invalid'],
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
  collect(byUserId, result.invalidUserIds, 'invalid-user-id', 'Iterable rejected the userId as invalid');
  return byUserId;
}
