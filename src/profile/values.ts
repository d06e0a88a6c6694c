/**
 * Conversions from the values a caller may give to the strings Subsets sends.
 * Each returns `undefined` when the value cannot be converted.
 */

const ZONED_ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes them as they are. */
function utc(year: number, monthIndex: number, day: number): number {
  return new Date(0).setUTCFullYear(year, monthIndex, day);
}

const MAX_TIME = utc(10000, 0, 1) - 1;
const MIN_TIME = utc(0, 0, 1);

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** An ISO-8601 UTC timestamp from a `Date`, epoch milliseconds, or an ISO-8601 string that names its zone. */
export function toUtcTimestamp(value: unknown): string | undefined {
  let time: number;
  if (value instanceof Date) {
    time = value.getTime();
  } else if (typeof value === 'number') {
    time = value;
  } else if (typeof value === 'string') {
    const match = ZONED_ISO.exec(value);
    if (!match) return undefined;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return undefined;
    time = Date.parse(value.replace(/[t ]/, 'T'));
  } else {
    return undefined;
  }
  if (!Number.isFinite(time) || time < MIN_TIME || time > MAX_TIME) return undefined;
  return new Date(time).toISOString();
}

/** Writes a finite number in plain decimal notation (never exponent notation): `1e-7` → `"0.0000001"`. */
export function toDecimalString(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const exponent = Number(text.slice(e + 1));
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** A churn probability as a decimal string, from a number or numeric string in [0, 1]. */
export function toProbability(value: unknown): string | undefined {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) number = Number(value);
  else return undefined;
  if (!(number >= 0 && number <= 1)) return undefined;
  return toDecimalString(number === 0 ? 0 : number);
}
