/**
 * The fingerprint of one user's `dataFields`: 64 bits, as 16 hex characters. Two writes with the
 * same fields and values have the same fingerprint; any other field set or value gives another
 * with odds of 1 in 2^64 of a clash for one user (about 5 in 10^12 for a run in which all of
 * 100,000,000 users changed), and a clash can only make one user's change look unchanged.
 *
 * The fields are read in one fixed order, each written with its length, so that no two field sets
 * read alike (a missing field and an empty one differ, as do `"a","bc"` and `"ab","c"`).
 */

import { FIELD_NAMES } from '../profile/field-names.js';

/** The fingerprint of `dataFields`; only the five Subsets fields count, in a fixed order. */
export function fingerprint(dataFields: Readonly<Record<string, string | undefined>>): string {
  let text = '';
  for (const name of FIELD_NAMES) {
    const value = dataFields[name];
    text += value === undefined ? '-' : `${value.length}:${value}`;
  }
  return hash64(text);
}

/**
 * A 64-bit hash of `text` from two 32-bit lanes with different multipliers, each finished with an
 * avalanche mix and mixed with the other. Not cryptographic: it tells values apart, it does not
 * hide them.
 */
export function hash64(text: string): string {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(((b ^ code) << 13) | ((b ^ code) >>> 19), 0x5bd1e995);
  }
  a = avalanche(a ^ Math.imul(b, 0x27d4eb2f));
  b = avalanche(b ^ Math.imul(a, 0x165667b1));
  return hex(a) + hex(b);
}

function avalanche(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
