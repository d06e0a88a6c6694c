/**
 * Options stage: the caller's `SyncOptions` in, every option checked and its default filled in
 * out, or a `TypeError` (a `RangeError` for a value out of range) naming the option that is wrong.
 */

import { type BatchLimits, resolveBatchLimits } from '../batch/batch-builder.js';
import * as check from '../options/check.js';
import { assertOptionsObject } from '../options/check.js';
import type { SyncState } from '../state/sync-state.js';
import type { SyncFailure, SyncProgress } from './report.js';

/**
 * Options of `client.syncProfiles`.
 * @category Syncing
 */
export interface SyncOptions {
  /**
   * Most users per bulkUpdate request (at most 1,000). Batches are also cut before 4 MB.
   * @default 1000
   */
  readonly batchSize?: number;
  /**
   * Send `preferUserId: true`, so that email-based projects create users they do not know.
   * @default false
   */
  readonly createMissingUsers?: boolean;
  /**
   * Send `createNewFields: true`. The five fields were agreed at setup; with `false` the project's
   * setting decides, and fields it drops show in `filteredOutFields`.
   * @default true
   */
  readonly createNewFields?: boolean;
  /**
   * Validate and batch, send nothing; `succeeded` then counts the profiles that would have been
   * sent. With `state`, profiles are still looked up (and counted `unchanged`), but nothing is recorded.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Called after every batch with the counts so far. Calls never overlap; a returned promise is
   * awaited, so a slow consumer slows the sync instead of piling up snapshots. If it throws,
   * the sync stops and rejects with that error.
   */
  readonly onProgress?: ((progress: SyncProgress) => void | Promise<void>) | undefined;
  /** Called for every failed or invalid profile, also those beyond `maxFailuresInReport`. */
  readonly onFailure?: ((failure: SyncFailure) => void) | undefined;
  /**
   * Most failures kept in `report.failures`; the counts stay exact.
   * @default 10000
   */
  readonly maxFailuresInReport?: number;
  /**
   * Before the first request that writes `subsetsExperimentAddedAt`, read the project's fields once
   * and stop with `FieldSetupRequiredError` if that field does not exist: created by a sync, it
   * would be typed `date` for good. Turn off only if the fields are known to exist.
   * @default true
   */
  readonly verifyFields?: boolean;
  /**
   * Incremental sync: a store of what each user last received. A profile whose fields Iterable
   * already holds, as recorded here, is counted `unchanged` and not sent; each user Iterable
   * confirms is recorded. See `createMemoryState`, `createLmdbState` (`@subsets/iterable/lmdb`)
   * and `createRedisState` (`@subsets/iterable/redis`).
   */
  readonly state?: SyncState | undefined;
  /**
   * With `state`: send every profile, changed or not, and record what Iterable confirms. Use it
   * after fields were edited in Iterable by other means, or now and then as a safety net.
   * @default false
   */
  readonly resync?: boolean;
  /** Stops the sync: requests in flight and waits end, and the sync rejects with `SyncAbortedError`. */
  readonly signal?: AbortSignal | undefined;
}

/** {@link SyncOptions}, checked, with every default filled in. */
export interface ResolvedSyncOptions {
  readonly limits: Required<BatchLimits>;
  readonly createMissingUsers: boolean;
  readonly createNewFields: boolean;
  readonly dryRun: boolean;
  readonly onProgress: ((progress: SyncProgress) => void | Promise<void>) | undefined;
  readonly onFailure: ((failure: SyncFailure) => void) | undefined;
  readonly maxFailuresInReport: number;
  readonly verifyFields: boolean;
  readonly state: SyncState | undefined;
  readonly resync: boolean;
  readonly signal: AbortSignal | undefined;
}

/**
 * Checks every option of a sync and fills in the defaults.
 * @throws TypeError (or RangeError for a `batchSize` over 1,000) naming the option that is wrong.
 */
export function resolveSyncOptions(options: SyncOptions): ResolvedSyncOptions {
  assertOptionsObject(options);
  const state = options.state;
  if (state !== undefined && !isSyncState(state)) {
    throw new TypeError(
      'state must be a SyncState: an object with get(scope, userIds) and set(scope, entries)',
    );
  }
  const resync = check.boolean('resync', options.resync ?? false);
  if (resync && state === undefined)
    throw new TypeError('resync needs a state to refresh: pass the state option');
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal');
  }
  return {
    limits: resolveBatchLimits({ maxUsers: options.batchSize ?? 1000 }, 'batchSize'),
    createMissingUsers: check.boolean('createMissingUsers', options.createMissingUsers ?? false),
    createNewFields: check.boolean('createNewFields', options.createNewFields ?? true),
    dryRun: check.boolean('dryRun', options.dryRun ?? false),
    onProgress: options.onProgress === undefined ? undefined : check.fn('onProgress', options.onProgress),
    onFailure: options.onFailure === undefined ? undefined : check.fn('onFailure', options.onFailure),
    maxFailuresInReport: check.wholeNumber('maxFailuresInReport', options.maxFailuresInReport ?? 10_000),
    verifyFields: check.boolean('verifyFields', options.verifyFields ?? true),
    state,
    resync,
    signal,
  };
}

function isSyncState(value: unknown): value is SyncState {
  const candidate = value as Partial<SyncState> | null;
  return typeof candidate?.get === 'function' && typeof candidate.set === 'function';
}
