/**
 * Scopes and keys shared by the stores: a scope and a userId in, the one key that names them out.
 */

/**
 * Between the scope and the userId in a store's key. A scope may not contain it, so that
 * `scope + SEPARATOR + userId` names exactly one (scope, userId) pair whatever the userId holds.
 */
export const SEPARATOR = '\u0000';

/**
 * Checks a scope: a non-empty string without {@link SEPARATOR}.
 * @throws TypeError naming `name` and saying what it got.
 */
export function checkScope(name: string, scope: unknown): string {
  if (typeof scope !== 'string' || scope === '' || scope.includes(SEPARATOR)) {
    const got = typeof scope === 'string' ? JSON.stringify(scope) : String(scope);
    throw new TypeError(`${name} must be a non-empty string without a NUL character (got ${got})`);
  }
  return scope;
}

/**
 * The scope a call works in: the store's own when it was created with one (the passed one is then
 * ignored), else the one the call passed, checked.
 */
export function scopeOf(own: string | undefined, passed: string): string {
  return own ?? checkScope('scope', passed);
}

/** The key of one user's fingerprint in `scope`. */
export function stateKey(scope: string, userId: string): string {
  return scope + SEPARATOR + userId;
}
