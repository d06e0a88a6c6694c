import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SubsetsProfile } from '../../src/profile/schema.js';
import { normalizedToIterableUser } from '../../src/profile/to-iterable-user.js';
import { UserBytesWriter } from '../../src/sync/user-bytes.js';

const printableAscii = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('"', '\\'),
  ),
});
// Printable ASCII, quotes and backslashes more often than chance, no space at either end.
const userId = printableAscii.filter((id) => id.length >= 1 && id.length <= 52 && id.trim() === id);
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

describe('UserBytesWriter', () => {
  it('writes exactly the UTF-8 bytes of JSON.stringify of the user, and counts them beforehand', () => {
    fc.assert(
      fc.property(
        fc.array(profile, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.nat(8),
        (profiles, createMissingUsers, offset) => {
          const writer = new UserBytesWriter(createMissingUsers);
          for (const raw of profiles) {
            const normalized = SubsetsProfile.parse(raw);
            const expected = Buffer.from(
              JSON.stringify(normalizedToIterableUser(normalized, createMissingUsers)),
            );
            const size = writer.size(normalized);
            expect(size).toBe(expected.length);
            // Written at an offset into a larger body, touching nothing around it.
            const body = Buffer.alloc(offset + size + 4, 0xff);
            expect(writer.write(normalized, body, offset)).toBe(offset + size);
            expect(body.subarray(offset, offset + size).equals(expected)).toBe(true);
            expect(body.subarray(0, offset).every((byte) => byte === 0xff)).toBe(true);
            expect(body.subarray(offset + size).every((byte) => byte === 0xff)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
