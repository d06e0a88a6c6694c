import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkProfile } from '../../src/profile/check-profile.js';
import { describeProfileError } from '../../src/profile/describe-error.js';
import { SubsetsProfile } from '../../src/profile/subsets-profile.js';

// Values near every edge the rules draw, mixed with anything at all.
const anyValue = fc.anything({ withDate: true, withMap: true, withNullPrototype: true, withBigInt: true });
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' u', 'u ', 'é', 'x'.repeat(52), 'x'.repeat(53), 'u-1'),
);
const addedAt = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.integer().map((ms) => runInNewContext(`new Date(${ms})`) as Date),
  fc.double(),
  fc.constantFrom('2026-11-29T01:40:43Z', '2026-02-30T00:00:00Z', '2026-11-29T01:40:43+0100', '2026-11-29'),
  fc.constant({ [Symbol.toStringTag]: 'Date' }),
  text,
  anyValue,
);
const churnRisk = fc.oneof(
  fc.double(),
  fc.constantFrom('0', '1', '0.27', '1e-3', 'abc', '', ' 0.5', '-0', '1.0000001'),
  text,
  anyValue,
);
const profileLike = fc.record(
  {
    userId: fc.oneof(text, anyValue),
    experimentId: fc.oneof(text, anyValue, fc.constant(undefined)),
    experimentName: fc.oneof(text, anyValue, fc.constant(undefined)),
    addedAt: fc.oneof(addedAt, fc.constant(undefined)),
    assignment: fc.constantFrom('treatment', 'control', 'Control', '', 1, null, undefined),
    churnRisk: fc.oneof(churnRisk, fc.constant(undefined)),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('checkProfile, the checker the sync uses', () => {
  it('accepts, normalises and explains exactly as the public SubsetsProfile schema', () => {
    fc.assert(
      fc.property(fc.oneof(profileLike, anyValue), (raw) => {
        const checked = checkProfile(raw);
        const parsed = SubsetsProfile.safeParse(raw);
        expect(checked.success).toBe(parsed.success);
        if (parsed.success) {
          expect(checked.data).toEqual(parsed.data);
          return;
        }
        const error = checked.error as z.core.$ZodError;
        expect(describeProfileError(error)).toBe(describeProfileError(parsed.error));
        // The sync names the first issue's key as the failure's field.
        expect(error.issues[0]?.path[0]).toBe(parsed.error.issues[0]?.path[0]);
      }),
      { numRuns: 5000 },
    );
  });

  it('fails with zod’s own error class, as the schema’s parse does', () => {
    const checked = checkProfile({ userId: 'u-1', churnRisk: 2 });
    expect(checked.error).toBeInstanceOf(z.core.$ZodError);
    expect(checked.error).toBeInstanceOf(Error);
  });
});
