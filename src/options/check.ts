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

/** A whole number ≥ `min` (default 0), and ≤ `max` when given. */
export function wholeNumber(name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new TypeError(`${name} must be a whole number ${range} (got ${shown(value)})`);
  }
  return value;
}

/** A finite number > 0. */
export function positive(name: string, value: unknown, unit = 'number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a ${unit} > 0 (got ${shown(value)})`);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegative(name: string, value: unknown, unit = 'number'): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a ${unit} ≥ 0 (got ${shown(value)})`);
  }
  return value;
}

/** One of `choices`. */
export function oneOf<const T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    const list = choices.map((choice) => `'${choice}'`).join(' or ');
    throw new TypeError(`${name} must be ${list} (got ${shown(value)})`);
  }
  return value as T;
}

/** `true` or `false`. */
export function boolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false (got ${shown(value)})`);
  return value;
}

/** A function. */
export function fn<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function (got ${shown(value)})`);
  return value;
}
