import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { SubsetsProfile } from '../../src/profile/schema.js';
import { normalizedToIterableUser, toIterableUser } from '../../src/profile/to-iterable-user.js';
import { validateAgainstSpec } from '../support/spec.js';

const full = {
  userId: 'u-1',
  experimentId: 'exp-42',
  experimentName: 'Winback offer',
  addedAt: new Date(Date.UTC(2026, 10, 29, 1, 40, 43)),
  assignment: 'control',
  churnRisk: 0.27,
} as const;

describe('toIterableUser', () => {
  it('builds exactly { userId, mergeNestedObjects: true, dataFields } with all five fields as strings', () => {
    const built = toIterableUser(full);
    expect(built).toStrictEqual({
      userId: 'u-1',
      mergeNestedObjects: true,
      dataFields: {
        subsetsExperimentId: 'exp-42',
        subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z',
        subsetsExperimentName: 'Winback offer',
        subsetsExperimentAssignment: 'control',
        subsetsSubscriberChurnRisk: '0.27',
      },
    });
    expect(Object.keys(built)).toEqual(['userId', 'mergeNestedObjects', 'dataFields']);
    expect(validateAgainstSpec('OptionalApiUser', built, { strict: true })).toEqual([]);
  });

  it('adds preferUserId: true only with createMissingUsers', () => {
    expect(toIterableUser(full, { createMissingUsers: true })).toStrictEqual({
      ...toIterableUser(full),
      preferUserId: true,
    });
    expect(toIterableUser(full, { createMissingUsers: false })).not.toHaveProperty('preferUserId');
    expect(toIterableUser(full, {})).not.toHaveProperty('preferUserId');
    expect(toIterableUser(full)).not.toHaveProperty('preferUserId');
  });

  it('sends churnRisk alone for a churn-score refresh, leaving the experiment fields untouched', () => {
    expect(toIterableUser({ userId: 'u-1', churnRisk: '0.9' })).toStrictEqual({
      userId: 'u-1',
      mergeNestedObjects: true,
      dataFields: { subsetsSubscriberChurnRisk: '0.9' },
    });
  });

  it('sends the four experiment fields without churnRisk when it is omitted', () => {
    const { churnRisk: _, ...experimentOnly } = full;
    expect(Object.keys(toIterableUser(experimentOnly).dataFields ?? {}).sort()).toEqual([
      'subsetsExperimentAddedAt',
      'subsetsExperimentAssignment',
      'subsetsExperimentId',
      'subsetsExperimentName',
    ]);
  });

  it('uses only the names in SUBSETS_FIELDS', () => {
    const names = new Set(SUBSETS_FIELDS.map((field) => field.name));
    for (const key of Object.keys(toIterableUser(full).dataFields ?? {})) expect(names.has(key)).toBe(true);
  });

  it('does not change the profile it was given', () => {
    const input = { ...full };
    toIterableUser(input);
    expect(input).toEqual(full);
  });

  it('throws a ZodError for an invalid profile', () => {
    expect(() => toIterableUser({ userId: 'u 1 ', churnRisk: 0.5 })).toThrow(z.ZodError);
    expect(() => toIterableUser({ userId: 'u-1' })).toThrow(z.ZodError);
    expect(() => toIterableUser({ userId: 'u-1', churnRisk: 2 })).toThrow(z.ZodError);
  });

  it('gives the same user as the hot-path builder on an already validated profile', () => {
    const normalized = SubsetsProfile.parse(full);
    expect(normalizedToIterableUser(normalized, false)).toStrictEqual(toIterableUser(full));
    expect(normalizedToIterableUser(normalized, true)).toStrictEqual(
      toIterableUser(full, { createMissingUsers: true }),
    );
  });
});
