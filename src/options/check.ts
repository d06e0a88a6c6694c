/**
 * The one set of option checks: each takes the option's name and its value, returns the value
 * typed, or throws a `TypeError` that names the option and says what it got.
 */

const shown = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'function'
      ? 'a function'
      : String(value);

/** The unit `positive` and `nonNegative` name for a duration option. */
export const MILLISECONDS = 'number of milliseconds';

/** Throws a `TypeError` with `message` unless `options` is an object (`null` is not). */
export function assertOptionsObject(
  options: unknown,
  message = 'options must be an object',
): asserts options is object {
  if (options === null || typeof options !== 'object') throw new TypeError(message);
}

/** Throws the `TypeError` of an option that is not `expected`. */
function rejected(name: string, expected: string, value: unknown): never {
  throw new TypeError(`${name} must be ${expected} (got ${shown(value)})`);
}

/** A whole number ≥ `min` (default 0), and ≤ `max` when given. */
export function wholeNumber(name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    rejected(
      name,
      `a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}`,
      value,
    );
  }
  return value;
}

/** A finite number > 0, or ≥ 0 when `zero` is allowed. */
function finite(name: string, value: unknown, unit: string, zero: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    rejected(name, `a ${unit} ${zero ? '≥' : '>'} 0`, value);
  }
  return value;
}

/** A finite number > 0. */
export function positive(name: string, value: unknown, unit = 'number'): number {
  return finite(name, value, unit, false);
}

/** A finite number ≥ 0. */
export function nonNegative(name: string, value: unknown, unit = 'number'): number {
  return finite(name, value, unit, true);
}

/** One of `choices`. */
export function oneOf<const T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T))
    rejected(name, choices.map((choice) => `'${choice}'`).join(' or '), value);
  return value as T;
}

/** `true` or `false`. */
export function boolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') rejected(name, 'true or false', value);
  return value;
}

/** A function. */
export function fn<F>(name: string, value: F): F {
  if (typeof value !== 'function') rejected(name, 'a function', value);
  return value;
}
