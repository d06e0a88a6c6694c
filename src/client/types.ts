import { z } from 'zod';

/** One user in a bulkUpdate or update request (Iterable's `OptionalApiUser`). */
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
});

/** Iterable's `FailedUserUpdates`: which users of a bulkUpdate failed, by cause. */
export type FailedUserUpdates = z.infer<typeof FailedUserUpdatesSchema>;

/**
 * zod schema of Iterable's `UserBulkUpdateListResponse`; unknown keys are kept. The counts are
 * required by the spec but read leniently: a missing count is `undefined`, never a crash.
 */
export const BulkUpdateResultSchema = z.looseObject({
  successCount: z.number().int().nonnegative().optional(),
  failCount: z.number().int().nonnegative().optional(),
  createdFields: stringList,
  filteredOutFields: stringList,
  failedUpdates: FailedUserUpdatesSchema.optional(),
  invalidEmails: stringList,
  invalidUserIds: stringList,
});

/** What bulkUpdate answered (Iterable's `UserBulkUpdateListResponse`), unknown keys included. */
export type BulkUpdateResult = z.infer<typeof BulkUpdateResultSchema>;

/** zod schema of Iterable's `GetUserFieldsResponse`. */
export const GetFieldsResponseSchema = z.looseObject({ fields: z.record(z.string(), z.string()) });

/** zod schema of the `user` in Iterable's `UserResponse`; unknown keys are kept. */
export const UserProfileSchema = z.looseObject({
  email: z.string().optional(),
  userId: z.string().optional(),
  dataFields: z.record(z.string(), z.unknown()).optional(),
});

/** One user profile as `users/byUserId` returns it. */
export type IterableUserProfile = z.infer<typeof UserProfileSchema>;

/** zod schema of Iterable's `UserResponse`. */
export const UserResponseSchema = z.looseObject({ user: UserProfileSchema.optional() });

/** zod schema of Iterable's error body (`IterableApiResponse`); unknown keys are kept. */
export const ApiResponseSchema = z.looseObject({
  code: z.string().optional(),
  msg: z.string().optional(),
  params: z.record(z.string(), z.unknown()).nullish(),
});

/** Options every client method takes last. */
export interface RequestOptions {
  /** Aborts the request (and any wait before it). */
  readonly signal?: AbortSignal | undefined;
}

/** Options of `bulkUpdate` and `updateUser`. */
export interface WriteOptions extends RequestOptions {
  /**
   * Create fields Iterable does not know yet. Omitted, the project's own setting decides.
   * @default undefined
   */
  readonly createNewFields?: boolean;
}
