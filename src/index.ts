/**
 * `@subsets/iterable`: write Subsets churn predictions and retention-experiment assignments into
 * Iterable user profiles.
 *
 * Everything starts from an {@link IterableClient}: {@link IterableClient.ensureFields} once per
 * project, then {@link IterableClient.syncProfiles} with any number of profiles, each a
 * {@link SubsetsProfile}. The {@link SyncReport} counts every profile and names each user that was
 * not updated; errors that stop a call extend {@link IterableError}.
 *
 * @example
 * ```ts
 * import { IterableClient } from '@subsets/iterable';
 *
 * const client = new IterableClient(); // key from ITERABLE_API_KEY, region 'us'
 * await client.ensureFields({ setupUserId: 'subsets-setup' });
 * const report = await client.syncProfiles([
 *   {
 *     userId: 'user-1',
 *     experimentId: 'exp-42',
 *     experimentName: 'Winback discount',
 *     addedAt: new Date(),
 *     assignment: 'treatment',
 *     churnRisk: 0.27,
 *   },
 *   { userId: 'user-2', churnRisk: '0.81' },
 * ]);
 * const { succeeded, failed, invalid } = report;
 * console.log(`${succeeded} updated, ${failed} failed, ${invalid} invalid`);
 * ```
 *
 * @module @subsets/iterable
 * @sortStrategy kind, alphabetical
 */

export type { BatchLimits } from './batch/batch-builder.js';
export { batchUsers, type UserBatch } from './batch/batch-users.js';
export { MAX_BATCH_USERS, MAX_BODY_BYTES } from './batch/serialize.js';
export { IterableClient } from './client/client.js';
export type { LogFields, Logger } from './client/logger.js';
export { type IterableClientOptions, REGION_BASE_URLS, type Region } from './client/options.js';
export type {
  BulkUpdateResult,
  FailedUserUpdates,
  IterableUser,
  IterableUserDataFields,
  IterableUserProfile,
  RequestOptions,
  WriteOptions,
} from './client/types.js';
export { type UntypedProfiles, untypedProfiles } from './client/untyped-profiles.js';
export { IterableApiError, type IterableApiErrorInit } from './errors/api-error.js';
export { IterableAuthError } from './errors/auth-error.js';
export { FieldCapacityError } from './errors/field-capacity-error.js';
export { FieldSetupRequiredError } from './errors/field-setup-required-error.js';
export { FieldSetupTimeoutError } from './errors/field-setup-timeout-error.js';
export { type FieldTypeConflict, FieldTypeConflictError } from './errors/field-type-conflict-error.js';
export { IterableError } from './errors/iterable-error.js';
export { IterableNetworkError } from './errors/network-error.js';
export { IterableRateLimitError } from './errors/rate-limit-error.js';
export { SyncAbortedError } from './errors/sync-aborted-error.js';
export { IterableTimeoutError } from './errors/timeout-error.js';
export { IterableTypeMismatchError, type MismatchedField } from './errors/type-mismatch-error.js';
export type { Limiter } from './policies/limiter.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './policies/rate-limiter.js';
export { DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from './policies/retry.js';
export { describeProfileError } from './profile/describe-error.js';
export { SUBSETS_FIELDS, type SubsetsField, type SubsetsFieldName } from './profile/fields.js';
export {
  type NormalizedSubsetsProfile,
  SubsetsProfile,
  type SubsetsProfileSchema,
} from './profile/subsets-profile.js';
export { type ToIterableUserOptions, toIterableUser } from './profile/to-iterable-user.js';
export type {
  CheckIntegrationOptions,
  IntegrationReport,
  IntegrationStep,
  IntegrationStepName,
  IntegrationStepStatus,
} from './setup/check-integration.js';
export type {
  EnsureFieldsOptions,
  EnsureFieldsReport,
  FieldState,
  FieldStatus,
} from './setup/ensure-fields.js';
/**
 * Incremental sync: `createMemoryState` keeps fingerprints in this process for tests and short
 * scripts; `StateStoreError` is how every store of this package reports that it cannot be read or
 * written.
 */
export { createMemoryState, type MemoryStateOptions } from './state/memory-state.js';
export { StateStoreError } from './state/state-store-error.js';
export type { StateEntry, SyncState } from './state/sync-state.js';
export type { SyncOptions } from './sync/options.js';
export type { SyncFailure, SyncFailureReason, SyncProgress, SyncReport } from './sync/report.js';
