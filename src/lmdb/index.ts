/**
 * `@subsets/iterable/lmdb`: an incremental-sync state kept on disk in LMDB, the embedded default.
 * Needs the optional peer dependency `lmdb`; the main entry never loads it.
 *
 * @module @subsets/iterable/lmdb
 */

export { createLmdbState, type LmdbState } from './lmdb-state.js';
export type { LmdbStateOptions } from './options.js';
