/**
 * One user's record in a {@link SyncState}: the fingerprint of the exact `dataFields` Iterable
 * last confirmed for them.
 * @category Incremental sync
 */
export interface StateEntry {
  /** The user's `userId`. */
  readonly userId: string;
  /** The fingerprint of the `dataFields` Iterable confirmed (an opaque string of at least 64 bits). */
  readonly fingerprint: string;
}

/**
 * A store of what each user last received, for incremental sync (`syncProfiles(source, { state })`).
 * Every call names a scope, one per Iterable project, so that two projects never share
 * fingerprints; a store created with a `scope` of its own uses that one instead.
 *
 * The sync calls `get` once per batch-sized group of profiles and `set` once per confirmed batch,
 * never once per profile. Implement these two calls to keep the state anywhere (Postgres,
 * DynamoDB, ...); a store that fails rejects, and the sync stops with an error naming it.
 * @category Incremental sync
 */
export interface SyncState {
  /** A name for the store, used in error messages (`'memory'`, `'lmdb at ./state'`, ...). */
  readonly name: string;
  /**
   * The fingerprints recorded for `userIds` in `scope`, in the same order; `undefined` where a user
   * has none.
   */
  get(scope: string, userIds: readonly string[]): Promise<ReadonlyArray<string | undefined>>;
  /**
   * Records the fingerprints of users Iterable confirmed, replacing what each had; when a userId
   * comes more than once, the last entry wins. A store that outlives the process resolves once the
   * records would survive a crash of this process.
   */
  set(scope: string, entries: readonly StateEntry[]): Promise<void>;
}
