/**
 * The `--state DIR` and `--resync` flags in, the LMDB state store the sync uses out (or none), with
 * a usage error for `--resync` alone and a one-line error when the `lmdb` package is missing.
 */
import { messageOf } from '../../errors/message-of.js';
import { createLmdbState, type LmdbState } from '../../lmdb/index.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

/** The flags that choose the incremental-sync state. */
export interface StateFlags {
  /** `--state DIR`: the LMDB directory. */
  readonly state?: string;
  /** `--resync`: send every profile and refresh the state. */
  readonly resync?: boolean;
}

const codeOf = (error: unknown): unknown =>
  error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;

/**
 * Checks that the optional peer dependency `lmdb` can be loaded.
 * @throws CliError (exit 2) saying to install it.
 */
async function requireLmdb(): Promise<void> {
  try {
    await import('lmdb');
  } catch (error) {
    const code = codeOf(error);
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && messageOf(error).includes('lmdb');
    throw new CliError(
      missing
        ? "--state needs the package 'lmdb' (an optional dependency): install it with npm install lmdb"
        : `--state could not load the package 'lmdb' (${messageOf(error)}): reinstall it with npm install lmdb`,
      ExitCode.fatal,
      { cause: error },
    );
  }
}

/**
 * Opens the state `--state` names, or returns `undefined` without it. The `lmdb` package is loaded
 * only here (the store's module imports it only when it opens), so the CLI runs without `lmdb`
 * unless `--state` is given. The
 * caller closes the store when the sync ends.
 *
 * @throws CliError (exit 2): `--resync` without `--state`, or `lmdb` not installed.
 */
export async function openStateOption(flags: StateFlags): Promise<LmdbState | undefined> {
  if (flags.state === undefined) {
    if (flags.resync) {
      throw new CliError(
        '--resync needs --state DIR: it sends every profile and refreshes the state kept there',
        ExitCode.fatal,
      );
    }
    return undefined;
  }
  await requireLmdb();
  return createLmdbState({ path: flags.state });
}
