import { userIdProblem } from '../profile/user-id.js';

/** Checks a user id option; throws a `TypeError` naming the option. */
export function checkUserIdOption(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string (got ${typeof value})`);
  const problem = userIdProblem(value);
  if (problem) throw new TypeError(`${name} is not a userId Iterable accepts: ${problem}`);
  return value;
}

/** Checks a duration option in milliseconds (≥ 0, or > 0 when `positive`); throws a `TypeError` naming it. */
export function checkDurationOption(name: string, value: unknown, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new TypeError(
      `${name} must be a number of milliseconds ${positive ? '> 0' : '≥ 0'} (got ${String(value)})`,
    );
  }
  return value;
}
