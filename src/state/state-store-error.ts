import { IterableError } from '../errors/iterable-error.js';

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
  readonly store: string;

  /**
   * @param store - The store's name.
   * @param message - What failed and what to do about it; prefixed with the store's name.
   * @param cause - The underlying error, if any.
   */
  constructor(store: string, message: string, cause?: unknown) {
    super(`State store ${store}: ${message}`, { cause, retryable: false });
    this.name = 'StateStoreError';
    this.store = store;
  }

  /** A plain object for logs and reports. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), store: this.store };
  }
}
