/**
 * Recognises a `Date` made in any realm. A `Date` built in a `node:vm` context or another frame (as
 * test environments that run code in `vm` contexts make them) fails `instanceof Date`, because its
 * prototype is that realm's; what makes it a date is its internal time value, which these checks read.
 */

type IsDate = (value: unknown) => value is Date;

const toTag = Object.prototype.toString;
const getTime = Date.prototype.getTime;

/**
 * Anywhere (Bun, Deno, browsers, older Node.js): the `[object Date]` tag, then `getTime` of this
 * realm's `Date.prototype`, which throws for anything that has no time value, so an object that
 * only sets `Symbol.toStringTag` to `'Date'` is refused.
 */
function hasDateTag(value: unknown): value is Date {
  if (typeof value !== 'object' || value === null || toTag.call(value) !== '[object Date]') return false;
  try {
    getTime.call(value);
    return true;
  } catch {
    // No time value: an object that only claims to be a date.
    return false;
  }
}

/** Node.js's own check (`util.types.isDate`), where the runtime can hand it over without an import. */
function builtinIsDate(): IsDate | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const util = runtime?.getBuiltinModule?.('node:util') as { types?: { isDate?: IsDate } } | undefined;
  return util?.types?.isDate;
}

/** Whether `value` is a `Date` (valid or not), whichever realm made it. */
export const isDate: IsDate = /* @__PURE__ */ builtinIsDate() ?? hasDateTag;

/** The time value of a `Date` from any realm, read without trusting its own `getTime`. */
export function timeOf(date: Date): number {
  return getTime.call(date);
}
