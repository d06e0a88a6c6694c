import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../src/profile/read-profile.js';
import { SubsetsProfile } from '../../src/profile/schema.js';
import { toIterableUser } from '../../src/profile/to-iterable-user.js';

/** A `Date` built by another realm's `Date`, as test environments that run code in `vm` contexts make. */
const foreignDate = (iso: string): Date => runInNewContext(`new Date(${JSON.stringify(iso)})`) as Date;

const experiment = (addedAt: unknown) => ({
  userId: 'u-1',
  experimentId: 'exp-1',
  experimentName: 'Winback',
  addedAt,
  assignment: 'treatment',
});

describe('a Date from another realm', () => {
  it('is not an instance of this realm’s Date (what the test relies on)', () => {
    expect(foreignDate('2026-11-29T01:40:43Z') instanceof Date).toBe(false);
  });

  it('is accepted by the schema as addedAt and sent as ISO-8601 UTC', () => {
    const parsed = SubsetsProfile.safeParse(experiment(foreignDate('2026-11-29T02:40:43+01:00')));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.addedAt).toBe('2026-11-29T01:40:43.000Z');
    expect(
      toIterableUser(experiment(foreignDate('2026-11-29T01:40:43Z')) as SubsetsProfile).dataFields,
    ).toEqual(expect.objectContaining({ subsetsExperimentAddedAt: '2026-11-29T01:40:43.000Z' }));
  });

  it('is read by the sync’s profile rules to the value the schema gives', () => {
    const raw = experiment(foreignDate('2026-11-29T01:40:43.120Z'));
    const { data } = readProfile(raw);
    expect(data).toBeDefined();
    expect(data).toEqual(SubsetsProfile.parse(raw));
  });

  it('is still refused when invalid, with the message a local invalid Date gets', () => {
    const parsed = SubsetsProfile.safeParse(experiment(foreignDate('not a date')));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'addedAt must be a valid date between the years 0 and 9999',
    );
    expect(readProfile(experiment(foreignDate('not a date'))).data).toBeUndefined();
  });

  it('is told apart from an object that only claims to be a Date', () => {
    const impostor = { [Symbol.toStringTag]: 'Date', getTime: () => 0 };
    const parsed = SubsetsProfile.safeParse(experiment(impostor));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^addedAt must be a Date/);
    expect(readProfile(experiment(impostor)).data).toBeUndefined();
  });
});
