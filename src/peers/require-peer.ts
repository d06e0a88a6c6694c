/**
 * Loads an optional peer dependency when an entry point first needs it: a package name in, its
 * module out, or an error that names the package to install. Each optional entry point
 * (`/testing`'s msw handlers, `/redis`, and any later one) loads its heavy library through this,
 * never with a top-level import, so that importing the entry point needs nothing else installed.
 *
 * It loads synchronously, as `require` does (every optional peer this package names publishes a
 * CommonJS build), because the functions that need a peer return their result at once.
 */
import { createRequire } from 'node:module';

/** An optional peer dependency of one entry point. */
export interface OptionalPeer {
  /** The module to load: the package name or one of its subpaths (`msw/core/http`). */
  readonly specifier: string;
  /** The package to install, as `npm install` takes it. */
  readonly packageName: string;
  /** What needs it, for the message: `iterableHandlers`, `@subsets/iterable/redis`. */
  readonly neededBy: string;
}

/** Whether `error` says that `packageName` itself cannot be found (not one of its own imports). */
function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && message.includes(`'${packageName}`);
}

/**
 * The peer's module, loaded (and cached by the runtime) on first use.
 * @throws Error naming the package to install, when it is not installed.
 */
export function requirePeer<T>(peer: OptionalPeer): T {
  try {
    // The CommonJS build gets `import.meta.url` from tsup's shim (tsup.config.ts).
    return createRequire(import.meta.url)(peer.specifier) as T;
  } catch (error) {
    if (!isMissing(error, peer.packageName)) throw error;
    throw new Error(
      `${peer.neededBy} needs the optional peer dependency ${peer.packageName}, which is not installed. ` +
        `Install it: npm install ${peer.packageName}`,
      { cause: error },
    );
  }
}
