import { userIdProblem } from '../profile/user-id.js';

/** Checks a user id option; throws a `TypeError` naming the option. */
export function checkUserIdOption(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string (got ${typeof value})`);
  const problem = userIdProblem(value);
  if (problem) throw new TypeError(`${name} is not a userId Iterable accepts: ${problem}`);
  return value;
}
