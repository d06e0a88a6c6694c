import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bulkBody } from '../../src/batch/serialize.js';

/** The UTF-8 size of users joined by commas, as batching counts it. */
const usersBytes = (users: readonly string[]): number =>
  users.reduce((sum, json) => sum + Buffer.byteLength(json), 0) + Math.max(0, users.length - 1);

/** The body as `JSON.stringify` writes it for the same users. */
const reference = (json: readonly string[], createNewFields: boolean | undefined): Buffer => {
  const users = json.map((each) => JSON.parse(each) as unknown);
  return Buffer.from(JSON.stringify(createNewFields === undefined ? { users } : { users, createNewFields }));
};

const users = fc.array(
  fc
    .dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }))
    .map((fields) => JSON.stringify({ userId: 'u', dataFields: fields })),
  { maxLength: 30 },
);
const createNewFields = fc.constantFrom(undefined, true, false);

describe('bulkBody', () => {
  it('writes the very bytes JSON.stringify gives for the whole body, whatever the characters', () => {
    fc.assert(
      fc.property(users, createNewFields, (json, create) => {
        const expected = reference(json, create);
        expect(Buffer.from(bulkBody(json, create, usersBytes(json))).equals(expected)).toBe(true);
        // Without the size batching counted, it counts the size itself.
        expect(Buffer.from(bulkBody(json, create)).equals(expected)).toBe(true);
      }),
    );
  });

  it('refuses a size that is not the users’ own, rather than send stray or cut bytes', () => {
    const json = ['{"userId":"é"}', '{"userId":"b"}'];
    const exact = usersBytes(json);
    expect(bulkBody(json, false, exact).length).toBe(
      '{"users":['.length + exact + '],"createNewFields":false}'.length,
    );
    for (const wrong of [exact - 1, exact + 1, exact - 3, exact + 30]) {
      expect(() => bulkBody(json, false, wrong)).toThrow(`not ${wrong}`);
    }
  });
});
