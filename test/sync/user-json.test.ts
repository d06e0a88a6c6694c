import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SubsetsProfile } from '../../src/profile/schema.js';
import { normalizedToIterableUser } from '../../src/profile/to-iterable-user.js';
import { UserJsonWriter } from '../../src/sync/user-json.js';

const printableAscii = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
});
const userId = printableAscii.filter((id) => id.length >= 1 && id.length <= 52);
const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const experiment = fc.record({
  experimentId: anyText,
  experimentName: anyText,
  addedAt: fc.oneof(
    fc.integer({ min: 0, max: 4_102_444_800_000 }),
    fc.constantFrom('2026-11-29T01:40:43Z', '2026-11-29T01:40:43.120Z', '2026-11-29T02:40:43+01:00'),
  ),
  assignment: fc.constantFrom('treatment' as const, 'control' as const),
});
const profile = fc.oneof(
  fc.record({ userId, churnRisk: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.tuple(userId, experiment).map(([id, exp]) => ({ userId: id, ...exp })),
  fc
    .tuple(userId, experiment, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([id, exp, churnRisk]) => ({ userId: id, ...exp, churnRisk })),
);

describe('UserJsonWriter', () => {
  it('writes exactly JSON.stringify of the user, and counts its UTF-8 bytes', () => {
    fc.assert(
      fc.property(
        fc.array(profile, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (profiles, createMissingUsers) => {
          const writer = new UserJsonWriter(createMissingUsers);
          for (const raw of profiles) {
            const normalized = SubsetsProfile.parse(raw);
            writer.write(normalized);
            const expected = JSON.stringify(normalizedToIterableUser(normalized, createMissingUsers));
            expect(writer.json).toBe(expected);
            expect(writer.bytes).toBe(Buffer.byteLength(expected));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
