import { assertOptionsObject, boolean } from '../options/check.js';
import { checkScope } from '../state/scope.js';

/**
 * Options of {@link createLmdbState}.
 * @category Incremental sync
 */
export interface LmdbStateOptions {
  /**
   * The directory that holds the database (`data.mdb` and `lock.mdb`); created, with its parents,
   * when missing. Keep it on a local disk: LMDB's locks do not work over network file systems.
   * Several processes on one machine may share it.
   */
  readonly path: string;
  /**
   * The scope every call uses, whatever scope the sync passes: a non-empty string without a NUL
   * character.
   * @default the scope each call passes (one per Iterable project, derived by the sync)
   */
  readonly scope?: string | undefined;
  /**
   * Whether each `set` waits until its transaction is flushed to disk. Either way a process that
   * crashes or is killed loses nothing that was recorded. `false` saves about half of the CPU time a
   * `set` costs, but a crash of the machine itself (power loss, kernel panic) may then lose the last
   * records or damage the database, which must then be deleted (the next sync sends everything).
   * @default true
   */
  readonly durable?: boolean | undefined;
}

/** The options after validation. */
export interface ResolvedLmdbStateOptions {
  readonly path: string;
  readonly scope: string | undefined;
  readonly durable: boolean;
}

/**
 * Validates the options once.
 * @throws TypeError naming the option that is wrong.
 */
export function resolveLmdbStateOptions(options: LmdbStateOptions): ResolvedLmdbStateOptions {
  assertOptionsObject(options);
  const { path } = options;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new TypeError(
      `path must be a non-empty string naming a directory (got ${JSON.stringify(path) ?? String(path)})`,
    );
  }
  const scope = options.scope === undefined ? undefined : checkScope('scope', options.scope);
  const durable = boolean('durable', options.durable ?? true);
  return { path, scope, durable };
}
