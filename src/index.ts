/**
 * `@subsets/iterable`: write Subsets churn predictions and retention-experiment assignments into
 * Iterable user profiles.
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
export { SUBSETS_FIELDS, type SubsetsField, type SubsetsFieldName } from './profile/fields.js';
export { describeProfileError, type NormalizedSubsetsProfile, SubsetsProfile } from './profile/schema.js';
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
