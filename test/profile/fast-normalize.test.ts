import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastNormalize } from '../../src/profile/fast-normalize.js';
import { SubsetsProfile } from '../../src/profile/subsets-profile.js';

const addedAt = fc.oneof(
  fc.date({ noInvalidDate: false }),
  // A Date from another realm, as test environments that run code in vm contexts make them.
  fc.date({ noInvalidDate: false }).map((date) => runInNewContext(`new Date(${date.getTime()})`) as Date),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    '2026-11-29T01:40:43Z',
    '2026-02-30T00:00:00Z',
    '2026-11-29T01:40:43+01:00',
    '2026-11-29',
    '',
  ),
  fc.string(),
);
const churnRisk = fc.oneof(
  fc.double(),
  fc.constantFrom('0', '1', '0.27', '1e-3', 'abc', '', ' 0.5', '-0'),
  fc.string(),
);
const userId = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('u-1', ' u', 'u ', 'é', 'x'.repeat(52)),
);
const profileLike = fc.record(
  {
    userId,
    experimentId: fc.oneof(fc.string(), fc.constant(undefined)),
    experimentName: fc.oneof(fc.string(), fc.integer()),
    addedAt,
    assignment: fc.constantFrom('treatment', 'control', 'other', undefined),
    churnRisk,
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('fastNormalize', () => {
  it('accepts only what the SubsetsProfile schema accepts, and returns the same values', () => {
    fc.assert(
      fc.property(fc.oneof(profileLike, fc.anything()), (raw) => {
        const fast = fastNormalize(raw);
        if (fast === undefined) return;
        const parsed = SubsetsProfile.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(fast).toEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the fast path for ordinary valid profiles', () => {
    expect(
      fastNormalize({
        userId: 'u-1',
        experimentId: 'e',
        experimentName: 'n',
        addedAt: '2026-11-29T01:40:43Z',
        assignment: 'control',
        churnRisk: 0.27,
      }),
    ).toEqual({
      userId: 'u-1',
      experimentId: 'e',
      experimentName: 'n',
      addedAt: '2026-11-29T01:40:43.000Z',
      assignment: 'control',
      churnRisk: '0.27',
    });
    expect(fastNormalize({ userId: 'u-2', churnRisk: '1' })).toEqual({ userId: 'u-2', churnRisk: '1' });
  });
});
