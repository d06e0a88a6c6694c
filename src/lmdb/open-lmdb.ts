/**
 * Opening an LMDB directory: a path in, an open string-valued database out, or a
 * {@link StateStoreError} that says what is wrong with the directory or the `lmdb` package.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'lmdb';
import { messageOf } from '../errors/message-of.js';
import { StateStoreError } from '../state/state-store-error.js';
import { dataFileProblem } from './check-data-file.js';

/** An LMDB database whose keys and values are strings. */
export type StringDatabase = Database<string, string>;

const codeOf = (error: unknown): unknown =>
  error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;

/** Loads the optional peer dependency `lmdb`, or says how to install it. */
async function loadLmdb(store: string): Promise<typeof import('lmdb')> {
  try {
    return await import('lmdb');
  } catch (error) {
    const code = codeOf(error);
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      messageOf(error).includes('lmdb')
    ) {
      throw new StateStoreError(
        store,
        "needs the package 'lmdb', an optional peer dependency of @subsets/iterable/lmdb. " +
          'Install it with: npm install lmdb',
        error,
      );
    }
    throw new StateStoreError(
      store,
      `could not load the package 'lmdb' (${messageOf(error)}). Reinstall it (npm install lmdb); ` +
        'it ships prebuilt binaries for Linux, macOS and Windows on x64 and arm64.',
      error,
    );
  }
}

/** Whether `error` says that a file is missing. */
const isMissing = (error: unknown): boolean => codeOf(error) === 'ENOENT';

/**
 * Checks, before LMDB maps anything, that `path` is a directory (or missing: LMDB creates it)
 * and that its data file, if any, is an LMDB database that was not cut short.
 * @throws StateStoreError saying which of these does not hold.
 */
function checkDirectory(store: string, path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    if (isMissing(error)) return;
    throw openFailure(store, path, error);
  }
  if (!isDirectory) {
    throw new StateStoreError(
      store,
      `${path} is not a directory. Pass the path of a directory for the state (it is created when ` +
        'missing), not of a file.',
    );
  }
  const file = join(path, 'data.mdb');
  let problem: string | undefined;
  try {
    problem = dataFileProblem(file);
  } catch (error) {
    if (isMissing(error)) return;
    throw openFailure(store, path, error);
  }
  if (problem !== undefined) {
    throw new StateStoreError(
      store,
      `${file} is not a readable LMDB database: ${problem}. Move the directory aside and run again: ` +
        'a fresh state makes the next sync send every profile once.',
    );
  }
}

/** Explains an error LMDB raised while opening `path`. */
function openFailure(store: string, path: string, error: unknown): StateStoreError {
  const message = messageOf(error);
  const code = codeOf(error);
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(message)) {
    return new StateStoreError(
      store,
      `cannot open ${path}: permission denied. Give this process read and write access to the ` +
        'directory and the files in it.',
      error,
    );
  }
  if (/MDB_INVALID|not an LMDB|MDB_VERSION_MISMATCH|MDB_CORRUPTED/i.test(message)) {
    return new StateStoreError(
      store,
      `${path} does not hold a readable LMDB database (${message}). Move it aside and run again: ` +
        'a fresh state makes the next sync send every profile once.',
      error,
    );
  }
  return new StateStoreError(store, `cannot open the LMDB database in ${path} (${message})`, error);
}

/**
 * Opens the database in directory `path`, creating it when missing.
 * @throws StateStoreError naming `store` and `path`: `lmdb` missing, `path` not a directory, not
 *   readable, or not an LMDB database.
 */
export async function openLmdb(store: string, path: string, durable: boolean): Promise<StringDatabase> {
  const lmdb = await loadLmdb(store);
  checkDirectory(store, path);
  let database: StringDatabase;
  try {
    // noSubdir false: `path` is always a directory, even when it looks like a file name (state.db).
    database = lmdb.open<string, string>({
      path,
      noSubdir: false,
      encoding: 'string',
      compression: false,
      noSync: !durable,
    });
  } catch (error) {
    throw openFailure(store, path, error);
  }
  try {
    // LMDB maps the file lazily: one read proves the data file is a database.
    database.getKeysCount({ limit: 1 });
  } catch (error) {
    await database.close().catch(() => undefined);
    throw openFailure(store, path, error);
  }
  return database;
}
