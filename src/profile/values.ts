/**
 * Conversions from the values a caller may give to the strings Subsets sends.
 * Each returns `undefined` when the value cannot be converted.
 */

import { isDate, timeOf } from './is-date.js';

const ZONED_ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME_SEPARATOR = /[t ]/;

/** Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes them as they are. */
function utc(year: number, monthIndex: number, day: number): number {
  return new Date(0).setUTCFullYear(year, monthIndex, day);
}

const MAX_TIME = utc(10000, 0, 1) - 1;
const MIN_TIME = utc(0, 0, 1);

/** The number written by `length` ASCII digits of `text` from `start`; -1 when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days in a month of the proleptic Gregorian calendar (the one `Date` uses), month from 1. */
function monthLength(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Whether the numbers name a day of the calendar and a time of day (seconds 0–59); a negative is never valid. */
function isCalendarTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  return (
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= monthLength(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}

/**
 * The common case, checked character by character: a valid `YYYY-MM-DDTHH:mm:ss.sssZ` is already
 * its own UTC timestamp, and `YYYY-MM-DDTHH:mm:ssZ` only lacks the milliseconds. `undefined` for any
 * other string, which the general path then reads (or rejects).
 */
function canonicalUtc(value: string): string | undefined {
  const { length } = value;
  if (length !== 24 && length !== 20) return undefined;
  // - - T : : and the closing Z, plus the . before the milliseconds.
  if (
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(length - 1) !== 90 ||
    (length === 24 && (value.charCodeAt(19) !== 46 || digits(value, 20, 3) === -1))
  ) {
    return undefined;
  }
  const valid = isCalendarTime(
    digits(value, 0, 4),
    digits(value, 5, 2),
    digits(value, 8, 2),
    digits(value, 11, 2),
    digits(value, 14, 2),
    digits(value, 17, 2),
  );
  if (!valid) return undefined;
  return length === 24 ? value : `${value.slice(0, 19)}.000Z`;
}

/** An ISO-8601 UTC timestamp from a `Date`, epoch milliseconds, or an ISO-8601 string that names its zone. */
export function toUtcTimestamp(value: unknown): string | undefined {
  let time: number;
  if (isDate(value)) {
    time = timeOf(value);
  } else if (typeof value === 'number') {
    time = value;
  } else if (typeof value === 'string') {
    const canonical = canonicalUtc(value);
    if (canonical !== undefined) return canonical;
    const match = ZONED_ISO.exec(value);
    if (!match) return undefined;
    const valid = isCalendarTime(
      Number(match[1]),
      Number(match[2]),
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6] ?? 0),
    );
    if (!valid) return undefined;
    // Date.parse reads a zone only as Z or ±HH:MM: write ±HH and ±HHMM that way.
    const zone = match[8] as string;
    let text = value.replace(DATE_TIME_SEPARATOR, 'T');
    if (zone.length === 3) text = `${text}:00`;
    else if (zone.length === 5) text = `${text.slice(0, -2)}:${text.slice(-2)}`;
    time = Date.parse(text);
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

/** The scale of {@link fewDecimals}: probabilities with at most six decimals. */
const SCALE = 1_000_000;

/**
 * `String(p)` for a `p` in [0, 1] that is the double nearest some `k / 1,000,000`, as most
 * probabilities are (`0.27`, `0.135`), written from the whole number `k`, which converts several
 * times faster than a double; `undefined` for any other `p`. The decimal of `k / 1,000,000` without
 * its trailing zeros reads back as `p`, and no shorter decimal does (one that differs from it
 * reads back as another double, being at least 10⁻⁶ away or carrying over ten significant digits),
 * so it is the shortest decimal of `p`: the one `String` gives.
 */
function fewDecimals(p: number): string | undefined {
  const k = Math.round(p * SCALE);
  if (k / SCALE !== p) return undefined;
  if (k % SCALE === 0) return String(k / SCALE);
  // Six digits with their leading zeros, e.g. 2700 → "002700", then without the trailing ones.
  const digits = String(k + SCALE);
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end -= 1;
  return `0.${digits.slice(1, end)}`;
}

/** A churn probability as a decimal string, from a number or numeric string in [0, 1]. */
export function toProbability(value: unknown): string | undefined {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) number = Number(value);
  else return undefined;
  if (!(number >= 0 && number <= 1)) return undefined;
  return fewDecimals(number) ?? toDecimalString(number);
}
