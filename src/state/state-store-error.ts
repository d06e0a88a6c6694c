import { IterableError } from '../errors/iterable-error.js';
import { messageOf } from '../errors/message-of.js';
import { reportJson, type SyncReport } from '../sync/report.js';

/**
 * Thrown (as a rejection) by a state store of this package when it cannot read or record
 * fingerprints: an LMDB directory that is not one, is corrupt or cannot be opened; a Redis that
 * failed or did not answer in time. `store` names the store as its {@link SyncState.name} does
 * (`'lmdb at ./state'`, `'redis (subsets-iterable:state)'`), `cause` holds the underlying error.
 *
 * `retryable` is `false`: the same call fails again until someone repairs the store, and a sync
 * that meets it stops instead of sending every profile as if nothing had been recorded.
 * @category Incremental sync
 */
export class StateStoreError extends IterableError {
  /** The failing store's name, as in {@link SyncState.name}. */
  declare readonly store: string;
  /**
   * When the failure stopped a sync: its report at that moment. Users Iterable had confirmed are
   * counted as succeeded; the rest of what was read is counted as aborted, so the report adds up.
   */
  declare readonly report: SyncReport | undefined;
  readonly #detail: string;

  /**
   * @param store - The store's name.
   * @param message - What failed and what to do about it; prefixed with the store's name.
   * @param cause - The underlying error, if any.
   * @param report - The report of the sync the failure stopped, if it stopped one.
   */
  constructor(store: string, message: string, cause?: unknown, report?: SyncReport) {
    super(`State store ${store}: ${message}`, { cause, retryable: false });
    this.name = 'StateStoreError';
    this.store = store;
    this.report = report;
    this.#detail = message;
  }

  /**
   * A store's failure as a `StateStoreError` naming it: the error itself when a store of this
   * package threw one, else one that wraps it (a custom store may throw anything).
   * @param store - The store's name.
   * @param call - The call that failed.
   * @param error - What it threw.
   */
  static from(store: string, call: 'get' | 'set', error: unknown): StateStoreError {
    if (error instanceof StateStoreError) return error;
    const message = messageOf(error);
    return new StateStoreError(store, `${call} failed: ${message}`, error);
  }

  /** The same error, carrying the report of the sync it stopped. */
  withReport(report: SyncReport): StateStoreError {
    return new StateStoreError(this.store, this.#detail, this.cause, report);
  }

  /** As {@link IterableError.toJSON}, with `report` as its counts (`failures` is their number). */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), report: this.report && reportJson(this.report) };
  }
}
