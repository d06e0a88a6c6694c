/**
 * How Iterable types user fields: the first value written to a field decides its type for good.
 *
 * Dates: a string is typed `date` when it creates a field and has one of the forms Iterable
 * recognises (below). Once a field exists, a string written to a `string` field stays a string
 * whatever it looks like, a string written to a `date` field must be one of those forms, and a
 * string written to a `long`, `double` or `boolean` field is a mismatch.
 */
import type { IterableFieldType } from './types.js';

// yyyy-MM-dd
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// yyyy-MM-dd HH:mm:ss, optionally followed by a zone: ` ZZ` (+01:00, +0100) or ` Z` / ` UTC`
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?: (?:[+-]\d{2}:?\d{2}|Z|UTC))?$/;
// ISO-8601 date-time with a zone: yyyy-MM-ddTHH:mm[:ss[.SSS]](Z|±hh:mm|±hhmm)
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function validCalendar(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return Number(match[4] ?? 0) <= 23 && Number(match[5] ?? 0) <= 59 && Number(match[6] ?? 0) <= 59;
}

/**
 * Whether Iterable would read this string as a date: `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` with an
 * optional zone (`yyyy-MM-dd HH:mm:ss ZZ`), or an ISO-8601 date-time with a zone
 * (`2026-11-29T01:40:43.000Z`). The calendar must be valid.
 */
export function isIterableDate(value: string): boolean {
  // Every recognised form starts with yyyy-MM-dd: cheap pre-check before any regex.
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const match = ISO.exec(value) ?? SPACED.exec(value) ?? DAY.exec(value);
  return match !== null && validCalendar(match);
}

/** Whether the value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The type a value gives a field it creates; `undefined` for `null` and empty arrays, which type
 * nothing. An array takes the type of its first typed element (an array of objects is `nested`).
 */
export function typeForNewField(value: unknown): IterableFieldType | undefined {
  switch (typeof value) {
    case 'string':
      return isIterableDate(value) ? 'date' : 'string';
    case 'number':
      return Number.isInteger(value) ? 'long' : 'double';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (const item of value) {
          if (isJsonObject(item)) return 'nested';
          const type = typeForNewField(item);
          if (type !== undefined) return type;
        }
        return undefined;
      }
      return 'object';
    default:
      return undefined;
  }
}

function acceptsScalar(type: IterableFieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && isIterableDate(value);
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isJsonObject(value);
    case 'nested':
      return isJsonObject(value);
    case 'geo_location':
      return isJsonObject(value) && typeof value.lat === 'number' && typeof value.lon === 'number';
  }
}

/**
 * Whether a value may be written to a field of this type. `null` clears any field; an array is
 * accepted when each of its non-null elements is.
 */
export function acceptsValue(type: IterableFieldType, value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.every((item) => item === null || acceptsScalar(type, item));
  return acceptsScalar(type, value);
}

/**
 * The types Iterable names as `incomingTypes` for a value that did not fit its field: a string is
 * both `string` and `keyword`, a whole number `long`, other numbers `double`.
 */
export function incomingTypes(value: unknown): readonly string[] {
  if (Array.isArray(value)) {
    const types = new Set<string>();
    for (const item of value) if (item !== null) for (const type of incomingTypes(item)) types.add(type);
    return [...types];
  }
  switch (typeof value) {
    case 'string':
      return ['string', 'keyword'];
    case 'number':
      return Number.isInteger(value) ? ['long'] : ['double'];
    case 'boolean':
      return ['boolean'];
    case 'object':
      return ['object'];
    default:
      return [typeof value];
  }
}
