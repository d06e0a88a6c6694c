/**
 * `@subsets/iterable/lmdb`: an incremental-sync state kept on disk in LMDB, the embedded default.
 * Needs the optional peer dependency `lmdb`; the main entry never loads it.
 *
 * @example
 * ```ts
 * import { IterableClient } from '@subsets/iterable';
 * import { createLmdbState } from '@subsets/iterable/lmdb';
 *
 * const client = new IterableClient();
 * const state = createLmdbState({ path: './subsets-state' });
 * const profiles = [{ userId: 'user-1', churnRisk: 0.27 }];
 * const report = await client.syncProfiles(profiles, { state });
 * console.log(`${report.succeeded} sent, ${report.unchanged} unchanged`);
 * await state.close();
 * ```
 *
 * @module @subsets/iterable/lmdb
 */

export { createLmdbState, type LmdbState } from './lmdb-state.js';
export type { LmdbStateOptions } from './options.js';
