import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { MAX_USER_ID_LENGTH, userIdProblem } from '../../src/profile/user-id.js';
import { toDecimalString, toProbability, toUtcTimestamp } from '../../src/profile/values.js';

/** The double next to `value`, below (`-1`) or above (`1`). */
function nextDouble(value: number, direction: -1 | 1): number {
  const bits = new BigInt64Array(new Float64Array([value]).buffer);
  if (value === 0) return direction === 1 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits[0] = (bits[0] as bigint) + BigInt(value > 0 ? direction : -direction);
  return new Float64Array(bits.buffer)[0] as number;
}

describe('toDecimalString', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [0.27, '0.27'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-1e-7, '-0.0000001'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [123.456, '123.456'],
  ])('writes %d as %j', (value, text) => {
    expect(toDecimalString(value)).toBe(text);
  });

  it('keeps the value: the decimal string reads back as the same number', () => {
    for (const value of [1e-7, 3.3e-9, 5e-324, 0.1, 0.30000000000000004, 2.5e-5, 1e21]) {
      expect(Number(toDecimalString(value))).toBe(value);
    }
  });
});

describe('toProbability', () => {
  it('writes every probability as toDecimalString does, those with six decimals or fewer included', () => {
    const reference = (p: number): string => toDecimalString(p === 0 ? 0 : p);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        expect(toProbability(p)).toBe(reference(p));
      }),
      { numRuns: 20_000 },
    );
    // The values k / 10^d for d up to 7 (every one up to 10^5, then every 97th), and the doubles
    // next to them.
    const wrong: string[] = [];
    for (const scale of [10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]) {
      for (let k = 0; k <= scale; k += scale <= 100_000 ? 1 : 97) {
        const p = k / scale;
        for (const near of [p, nextDouble(p, -1), nextDouble(p, 1)]) {
          if (near < 0 || near > 1) continue;
          const written = toProbability(near);
          if (written !== reference(near)) wrong.push(`${near}: ${written}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('turns numbers and numeric strings in [0, 1] into decimal strings', () => {
    expect(toProbability(0.25)).toBe('0.25');
    expect(toProbability('0.25')).toBe('0.25');
    expect(toProbability(-0)).toBe('0');
  });

  it.each([[1.01], [-1e-9], ['x'], [''], [Number.NaN], [null], [undefined], [{}]])(
    'gives undefined for %j',
    (value) => {
      expect(toProbability(value)).toBeUndefined();
    },
  );
});

describe('toUtcTimestamp', () => {
  it('covers the years 0 to 9999 and nothing beyond', () => {
    expect(toUtcTimestamp('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(toUtcTimestamp('0050-06-15T12:00:00Z')).toBe('0050-06-15T12:00:00.000Z');
    expect(toUtcTimestamp('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
    expect(toUtcTimestamp(new Date('0000-01-01T00:00:00Z').getTime() - 1)).toBeUndefined();
    expect(toUtcTimestamp(new Date('9999-12-31T23:59:59.999Z').getTime() + 1)).toBeUndefined();
  });

  it('knows the leap years of the first century too (years 0–99 are not 1900–1999)', () => {
    expect(toUtcTimestamp('0004-02-29T00:00:00Z')).toBe('0004-02-29T00:00:00.000Z');
    expect(toUtcTimestamp('0000-02-29T00:00:00Z')).toBe('0000-02-29T00:00:00.000Z');
    expect(toUtcTimestamp('0001-02-29T00:00:00Z')).toBeUndefined();
    expect(toUtcTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(toUtcTimestamp('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.000Z');
  });

  it.each([
    ['0000-02-29', '0000-02-29T00:00:00.000Z'],
    ['0001-02-29', undefined],
    ['0100-02-29', undefined],
    ['1900-02-29', undefined],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['2026-04-31', undefined],
    ['2026-12-31', '2026-12-31T00:00:00.000Z'],
  ])('reads %s by the same calendar with a Z and with an offset', (date, expected) => {
    expect(toUtcTimestamp(`${date}T00:00:00Z`)).toBe(expected);
    expect(toUtcTimestamp(`${date} 00:00:00+00:00`)).toBe(expected);
  });

  it.each([[undefined], [null], [true], [{}], [[2026, 11, 29]]])('gives undefined for %j', (value) => {
    expect(toUtcTimestamp(value)).toBeUndefined();
  });
});

describe('userIdProblem', () => {
  it('allows up to MAX_USER_ID_LENGTH (52) characters', () => {
    expect(MAX_USER_ID_LENGTH).toBe(52);
    expect(userIdProblem('a'.repeat(52))).toBeUndefined();
    expect(userIdProblem('a'.repeat(53))).toBe('userId must be at most 52 characters (got 53)');
  });
});

describe('SUBSETS_FIELDS', () => {
  it('lists the five fields, all of type string, in a fixed order, with their profile keys', () => {
    expect(SUBSETS_FIELDS.map((field) => [field.name, field.type, field.profileKey])).toEqual([
      ['subsetsExperimentId', 'string', 'experimentId'],
      ['subsetsExperimentAddedAt', 'string', 'addedAt'],
      ['subsetsExperimentName', 'string', 'experimentName'],
      ['subsetsSubscriberChurnRisk', 'string', 'churnRisk'],
      ['subsetsExperimentAssignment', 'string', 'assignment'],
    ]);
  });

  it('describes every field', () => {
    for (const field of SUBSETS_FIELDS) expect(field.description.length).toBeGreaterThan(10);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(SUBSETS_FIELDS)).toBe(true);
    for (const field of SUBSETS_FIELDS) expect(Object.isFrozen(field)).toBe(true);
  });
});
