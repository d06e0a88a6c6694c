import { assertOptionsObject } from '../options/check.js';
import { checkScope, scopeOf } from './scope.js';
import type { StateEntry, SyncState } from './sync-state.js';

/**
 * Options of {@link createMemoryState}.
 * @category Incremental sync
 */
export interface MemoryStateOptions {
  /**
   * The scope every call uses, whatever scope the sync passes: a non-empty string without a NUL
   * character.
   * @default the scope each call passes (one per Iterable project, derived by the sync)
   */
  readonly scope?: string | undefined;
}

/**
 * A {@link SyncState} held in this process's memory: for tests and short scripts that sync the same
 * profiles more than once in one run. It is gone when the process ends, so the next run sends
 * everything again; for state that lasts, use `createLmdbState` (`@subsets/iterable/lmdb`) or
 * `createRedisState` (`@subsets/iterable/redis`).
 *
 * Each fingerprint costs about 100 bytes plus its userId and fingerprint strings.
 *
 * @param options - See {@link MemoryStateOptions}.
 * @returns A store to pass as `syncProfiles(source, { state })`; share it between syncs of one
 *   process to skip what an earlier sync already sent.
 * @throws TypeError when `scope` is given and is not a non-empty string.
 * @category Incremental sync
 *
 * @example
 * ```ts
 * const state = createMemoryState();
 * await client.syncProfiles(profiles, { state }); // sends everything
 * const again = await client.syncProfiles(profiles, { state }); // sends nothing
 * console.log(again.unchanged); // profiles.length
 * ```
 */
export function createMemoryState(options: MemoryStateOptions = {}): SyncState {
  assertOptionsObject(options);
  const own = options.scope === undefined ? undefined : checkScope('scope', options.scope);
  const scopes = new Map<string, Map<string, string>>();

  return {
    name: 'memory',
    async get(scope: string, userIds: readonly string[]): Promise<ReadonlyArray<string | undefined>> {
      const fingerprints = scopes.get(scopeOf(own, scope));
      if (fingerprints === undefined) return userIds.map(() => undefined);
      return userIds.map((userId) => fingerprints.get(userId));
    },
    async set(scope: string, entries: readonly StateEntry[]): Promise<void> {
      const name = scopeOf(own, scope);
      let fingerprints = scopes.get(name);
      if (fingerprints === undefined) {
        fingerprints = new Map();
        scopes.set(name, fingerprints);
      }
      for (const { userId, fingerprint } of entries) fingerprints.set(userId, fingerprint);
    },
  };
}
