import { z } from 'zod';

/**
 * One user in a bulkUpdate or update request (Iterable's `OptionalApiUser`).
 * @category Client
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
 * @category Client
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

// Lists are read leniently: a missing or null list means none.
const stringList = z.array(z.string()).nullish();

/** zod schema of Iterable's `FailedUserUpdates`; unknown keys are kept. */
export const FailedUserUpdatesSchema = z.looseObject({
  conflictEmails: stringList,
  conflictUserIds: stringList,
  forgottenEmails: stringList,
  forgottenUserIds: stringList,
  invalidDataEmails: stringList,
  invalidDataUserIds: stringList,
  invalidEmails: stringList,
  invalidUserIds: stringList,
  notFoundEmails: stringList,
  notFoundUserIds: stringList,
}) satisfies z.ZodType<FailedUserUpdates>;

/**
 * What bulkUpdate answered (Iterable's `UserBulkUpdateListResponse`). Iterable answers 200 even
 * when some users failed: `failCount` and `failedUpdates` say which. Keys Iterable adds later are kept.
 * @category Client
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
 * zod schema of Iterable's `UserBulkUpdateListResponse`; unknown keys are kept. The counts are
 * required by the spec but read leniently: a missing count is `undefined`, never a crash.
 */
export const BulkUpdateResultSchema = z.looseObject({
  successCount: z.number().int().nonnegative().optional(),
  failCount: z.number().int().nonnegative().optional(),
  createdFields: stringList,
  filteredOutFields: stringList,
  // Read as leniently as the lists: `null` means no user failed, not an answer to send again.
  failedUpdates: FailedUserUpdatesSchema.nullish().transform((value) => value ?? undefined),
  invalidEmails: stringList,
  invalidUserIds: stringList,
}) satisfies z.ZodType<BulkUpdateResult>;

/** zod schema of Iterable's `GetUserFieldsResponse`. */
export const GetFieldsResponseSchema = z.looseObject({ fields: z.record(z.string(), z.string()) });

/**
 * One user profile as `users/byUserId` returns it. Keys Iterable adds later are kept.
 * @category Client
 */
export interface IterableUserProfile {
  /** The user's email; a placeholder for users created from a `userId` in email-based projects. */
  email?: string | undefined;
  /** The user's `userId`. */
  userId?: string | undefined;
  /** The profile's fields, the five Subsets fields among them. */
  dataFields?: Record<string, unknown> | undefined;
  /** Keys this SDK does not know yet, kept as Iterable sent them. */
  [key: string]: unknown;
}

/** zod schema of the `user` in Iterable's `UserResponse`; unknown keys are kept. */
export const UserProfileSchema = z.looseObject({
  email: z.string().optional(),
  userId: z.string().optional(),
  dataFields: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<IterableUserProfile>;

/** zod schema of Iterable's `UserResponse`. */
export const UserResponseSchema = z.looseObject({ user: UserProfileSchema.optional() });

/** zod schema of Iterable's error body (`IterableApiResponse`); unknown keys are kept. */
export const ApiResponseSchema = z.looseObject({
  code: z.string().optional(),
  msg: z.string().optional(),
  params: z.record(z.string(), z.unknown()).nullish(),
});

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
