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

const EMAIL_LISTS: ReadonlyArray<readonly [keyof FailedUserUpdates, SyncFailureReason, string]> = [
  ['invalidEmails', 'invalid-email', 'Iterable rejected the email as invalid'],
  ['conflictEmails', 'conflict', 'another Iterable user already holds this email'],
  ['forgottenEmails', 'forgotten', 'the user was forgotten (GDPR) and can no longer be updated'],
  ['invalidDataEmails', 'invalid-data', 'Iterable rejected the data of this user'],
  ['notFoundEmails', 'not-found', 'the project has no user with this email'],
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
 * Reads every failure list of a bulkUpdate answer, the deprecated top-level ones included.
 * Returns the rejected users keyed by userId, and by email (users this SDK sends carry no email,
 * but callers of `bulkUpdate` may).
 */
export function rejectedUsers(result: BulkUpdateResult): {
  byUserId: Map<string, UserRejection>;
  byEmail: Map<string, UserRejection>;
} {
  const byUserId = new Map<string, UserRejection>();
  const byEmail = new Map<string, UserRejection>();
  const failed = result.failedUpdates;
  if (failed) {
    for (const [key, reason, message] of USER_ID_LISTS) collect(byUserId, failed[key], reason, message);
    for (const [key, reason, message] of EMAIL_LISTS) collect(byEmail, failed[key], reason, message);
  }
  collect(byUserId, result.invalidUserIds, 'invalid-user-id', 'Iterable rejected the userId as invalid');
  collect(byEmail, result.invalidEmails, 'invalid-email', 'Iterable rejected the email as invalid');
  return { byUserId, byEmail };
}

/** One field named in a `RequestFieldsTypesMismatched` error. */
export interface MismatchedField {
  readonly field: string;
  /** The type the project holds, when Iterable said. */
  readonly expectedType: string | undefined;
}

/**
 * The fields named in a `RequestFieldsTypesMismatched` error's `params.validationErrors`, whose keys
 * read `"<project>:::<field>"`. Empty when the error names none.
 */
export function mismatchedFields(params: Record<string, unknown> | undefined): MismatchedField[] {
  const errors = params?.validationErrors;
  if (errors === null || typeof errors !== 'object') return [];
  return Object.entries(errors as Record<string, unknown>).map(([key, detail]) => {
    const at = key.lastIndexOf(':::');
    const expected = (detail as { expectedType?: unknown } | null)?.expectedType;
    return {
      field: at === -1 ? key : key.slice(at + 3),
      expectedType: typeof expected === 'string' ? expected : undefined,
    };
  });
}
