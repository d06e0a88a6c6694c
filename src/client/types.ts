export {
  ApiResponseSchema,
  BulkUpdateResultSchema,
  GetFieldsResponseSchema,
  UserResponseSchema,
} from './response-schemas.js';

/**
 * One user in a bulkUpdate or update request (Iterable's `OptionalApiUser`).
 * @category Iterable users
 */
export interface IterableUser {
  /** Identifies the user in userId-based and hybrid projects. Give `userId` or `email`, not both. */
  readonly userId?: string;
  /** Identifies the user in email-based projects. */
  readonly email?: string;
  /** Profile fields to set; omitted fields are left unchanged. */
  readonly dataFields?: Record<string, unknown>;
  /** In email-based projects, create a user for an unknown `userId` (with a placeholder email). */
  readonly preferUserId?: boolean;
  /** Merge top-level objects instead of overwriting them. */
  readonly mergeNestedObjects?: boolean;
}

/**
 * Iterable's `FailedUserUpdates`: which users of a bulkUpdate failed, by cause. Each list is absent
 * (or `null`) when no user failed for that cause. Keys Iterable adds later are kept.
 * @category Iterable users
 */
export interface FailedUserUpdates {
  /** Emails of users whose update conflicted with another user's identity. */
  conflictEmails?: string[] | null | undefined;
  /** `userId`s of users whose update conflicted with another user's identity. */
  conflictUserIds?: string[] | null | undefined;
  /** Emails of users forgotten under GDPR; Iterable no longer updates them. */
  forgottenEmails?: string[] | null | undefined;
  /** `userId`s of users forgotten under GDPR; Iterable no longer updates them. */
  forgottenUserIds?: string[] | null | undefined;
  /** Emails of users whose `dataFields` Iterable rejected. */
  invalidDataEmails?: string[] | null | undefined;
  /** `userId`s of users whose `dataFields` Iterable rejected. */
  invalidDataUserIds?: string[] | null | undefined;
  /** Emails Iterable does not accept as emails. */
  invalidEmails?: string[] | null | undefined;
  /** `userId`s Iterable does not accept (too long, not printable ASCII, ending in a space, ...). */
  invalidUserIds?: string[] | null | undefined;
  /** Emails of users the project does not have (and the write could not create). */
  notFoundEmails?: string[] | null | undefined;
  /** `userId`s the project does not have, in email-based projects without `preferUserId`. */
  notFoundUserIds?: string[] | null | undefined;
  /** Keys this SDK does not know yet, kept as Iterable sent them. */
  [key: string]: unknown;
}

/**
 * What bulkUpdate answered (Iterable's `UserBulkUpdateListResponse`). Iterable answers 200 even
 * when some users failed: `failCount` and `failedUpdates` say which. Keys Iterable adds later are kept.
 * @category Iterable users
 */
export interface BulkUpdateResult {
  /** Users updated. Required by Iterable's spec, but read leniently: absent if Iterable left it out. */
  successCount?: number | undefined;
  /** Users not updated; `failedUpdates` says which and why. */
  failCount?: number | undefined;
  /** Fields this request created in the project. */
  createdFields?: string[] | null | undefined;
  /** Fields Iterable dropped because the project does not take new fields (their data was lost). */
  filteredOutFields?: string[] | null | undefined;
  /** The users that failed, by cause. */
  failedUpdates?: FailedUserUpdates | undefined;
  /**
   * Emails of every user that failed, whatever the cause.
   * @deprecated Iterable's older form of `failedUpdates`; read `failedUpdates` instead.
   */
  invalidEmails?: string[] | null | undefined;
  /**
   * `userId`s of every user that failed, whatever the cause.
   * @deprecated Iterable's older form of `failedUpdates`; read `failedUpdates` instead.
   */
  invalidUserIds?: string[] | null | undefined;
  /** Keys this SDK does not know yet, kept as Iterable sent them. */
  [key: string]: unknown;
}

/**
 * One user profile as `users/byUserId` returns it. Keys Iterable adds later are kept.
 * @category Iterable users
 */
export interface IterableUserProfile {
  /** The user's email; a placeholder for users created from a `userId` in email-based projects. */
  email?: string | undefined;
  /** The user's `userId`. */
  userId?: string | undefined;
  /** The profile's fields, the five Subsets fields among them (typed as strings). */
  dataFields?: IterableUserDataFields | undefined;
  /** Keys this SDK does not know yet, kept as Iterable sent them. */
  [key: string]: unknown;
}

/**
 * The `dataFields` of a profile read back with `getUser`: every field the user has, with the five
 * Subsets fields typed as the strings Subsets writes. A Subsets field that the project holds with
 * another type (`long`, `double`, `boolean`: a setup mistake that `ensureFields` and
 * `checkIntegration` report) comes back from Iterable as a number or boolean; it is given here as
 * its text (`0.27` → `"0.27"`), and a `null` as no value.
 * @category Iterable users
 */
export interface IterableUserDataFields {
  /** Unique identifier of the user's Subsets experiment. */
  subsetsExperimentId?: string | undefined;
  /** When the user was added to the experiment, as written: ISO-8601 UTC. */
  subsetsExperimentAddedAt?: string | undefined;
  /** Name of the experiment. */
  subsetsExperimentName?: string | undefined;
  /** Churn probability as a decimal string, `"0.27"`. */
  subsetsSubscriberChurnRisk?: string | undefined;
  /** `treatment` or `control` (typed `string`: the value is as Iterable holds it, not checked on read). */
  subsetsExperimentAssignment?: string | undefined;
  /** Every other field of the profile, as Iterable sent it. */
  [field: string]: unknown;
}

/**
 * Options every client method takes last.
 * @category Client
 */
export interface RequestOptions {
  /** Aborts the request (and any wait before it). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Options of `bulkUpdate` and `updateUser`.
 * @category Client
 */
export interface WriteOptions extends RequestOptions {
  /**
   * Create fields Iterable does not know yet. Omitted, the project's own setting decides.
   * @default undefined
   */
  readonly createNewFields?: boolean;
}
