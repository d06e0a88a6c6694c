/** Longest `userId` Iterable accepts, in characters. */
export const MAX_USER_ID_LENGTH = 52;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Why Iterable would reject this `userId`, or `undefined` when it is acceptable:
 * 1–52 printable ASCII characters with no leading or trailing space.
 */
export function userIdProblem(userId: string): string | undefined {
  if (userId.length === 0) return 'userId must not be empty';
  if (userId.length > MAX_USER_ID_LENGTH)
    return `userId must be at most ${MAX_USER_ID_LENGTH} characters (got ${userId.length})`;
  if (!PRINTABLE_ASCII.test(userId)) return 'userId must contain only printable ASCII characters';
  if (userId.startsWith(' ') || userId.endsWith(' ')) return 'userId must not start or end with a space';
  return undefined;
}
