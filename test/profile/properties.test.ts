import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { SubsetsProfile } from '../../src/profile/subsets-profile.js';
import { toIterableUser } from '../../src/profile/to-iterable-user.js';

const FIELD_NAMES = new Set(SUBSETS_FIELDS.map((field) => field.name));
const YEAR_0 = new Date('0000-01-01T00:00:00.000Z');
const YEAR_9999_END = new Date('9999-12-31T23:59:59.999Z');

const validUserId = fc.stringMatching(/^[\x21-\x7e](?:[\x20-\x7e]{0,50}[\x21-\x7e])?$/);

const probability = fc.double({ min: 0, max: 1, noNaN: true });
const churnRisk = fc.oneof(probability, probability.map(String));

const instant = fc.date({ min: YEAR_0, max: YEAR_9999_END, noInvalidDate: true });
const addedAt = fc.oneof(
  instant,
  instant.map((date) => date.getTime()),
  instant.map((date) => date.toISOString()),
);

const experiment = fc.record({
  experimentId: fc.string({ minLength: 1 }),
  experimentName: fc.string({ minLength: 1 }),
  addedAt,
  assignment: fc.constantFrom('treatment' as const, 'control' as const),
});

const validProfile = fc.oneof(
  fc.record({ userId: validUserId, churnRisk }),
  fc.tuple(validUserId, experiment).map(([userId, group]) => ({ userId, ...group })),
  fc
    .tuple(validUserId, experiment, churnRisk)
    .map(([userId, group, risk]) => ({ userId, ...group, churnRisk: risk })),
);

describe('properties', () => {
  it('a valid profile always gives string-only dataFields named after the Subsets fields', () => {
    fc.assert(
      fc.property(validProfile, fc.boolean(), (profile, createMissingUsers) => {
        const built = toIterableUser(profile, { createMissingUsers });
        const dataFields = built.dataFields ?? {};
        const names = Object.keys(dataFields);
        const expected = ('experimentId' in profile ? 4 : 0) + ('churnRisk' in profile ? 1 : 0);
        expect(names).toHaveLength(expected);
        for (const name of names) {
          expect(FIELD_NAMES.has(name)).toBe(true);
          expect(typeof dataFields[name]).toBe('string');
        }
        expect(built.userId).toBe(profile.userId);
        expect(built.mergeNestedObjects).toBe(true);
        expect('preferUserId' in built).toBe(createMissingUsers);
      }),
    );
  });

  it('the churn risk sent reads back as the same number, in plain decimal notation', () => {
    fc.assert(
      fc.property(probability, (risk) => {
        const sent = SubsetsProfile.parse({ userId: 'u', churnRisk: risk }).churnRisk as string;
        expect(sent).toMatch(/^(?:0|1)(?:\.\d+)?$/);
        expect(Number(sent)).toBe(risk === 0 ? 0 : risk);
      }),
    );
  });

  it('the time sent is the same instant, in UTC with milliseconds', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (date, offsetMinutes) => {
        // The same instant written in another zone, as a caller in that zone would.
        const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
        fc.pre(!local.startsWith('-') && !local.startsWith('+')); // shifted out of the years 0–9999
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const result = SubsetsProfile.safeParse({
          userId: 'u',
          experimentId: 'e',
          experimentName: 'n',
          assignment: 'control',
          addedAt: `${local}${zone}`,
        });
        expect(result.data?.addedAt).toBe(date.toISOString());
      }),
    );
  });

  it('parsing what parsing gave back changes nothing', () => {
    fc.assert(
      fc.property(validProfile, (profile) => {
        const once = SubsetsProfile.parse(profile);
        expect(SubsetsProfile.parse(once)).toEqual(once);
      }),
    );
  });

  it("arbitrary input never throws anything but zod's $ZodError", () => {
    const anyValue = fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withNullPrototype: true,
    });
    const profileLike = fc.record(
      {
        userId: fc.oneof(validUserId, fc.string(), anyValue),
        experimentId: fc.oneof(fc.string(), anyValue),
        experimentName: fc.oneof(fc.string(), anyValue),
        addedAt: fc.oneof(addedAt, fc.string(), fc.double(), fc.date({ noInvalidDate: false }), anyValue),
        assignment: fc.oneof(fc.constantFrom('treatment', 'control', 'Control'), anyValue),
        churnRisk: fc.oneof(churnRisk, fc.double(), fc.string(), anyValue),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anyValue, profileLike), (input) => {
        try {
          toIterableUser(input as SubsetsProfile);
        } catch (error) {
          expect(error).toBeInstanceOf(z.core.$ZodError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
