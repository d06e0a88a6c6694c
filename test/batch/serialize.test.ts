import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bulkBody, bulkBodyBytes } from '../../src/batch/serialize.js';

/** The UTF-8 size of users joined by commas, as batching counts it. */
const usersBytes = (users: readonly string[]): number =>
  users.reduce((sum, json) => sum + Buffer.byteLength(json), 0) + Math.max(0, users.length - 1);

const users = fc.array(
  fc
    .dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }))
    .map((fields) => JSON.stringify({ userId: 'u', dataFields: fields })),
  { maxLength: 30 },
);
const createNewFields = fc.constantFrom(undefined, true, false);

describe('bulkBodyBytes', () => {
  it('writes the very bytes of the joined body, whatever the characters', () => {
    fc.assert(
      fc.property(users, createNewFields, (json, create) => {
        const bytes = bulkBodyBytes(json, usersBytes(json), create);
        expect(Buffer.from(bytes).equals(Buffer.from(bulkBody(json, create), 'utf8'))).toBe(true);
        expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toEqual(JSON.parse(bulkBody(json, create)));
      }),
    );
  });

  it('refuses a size that is not the users’ own, rather than send stray or cut bytes', () => {
    const json = ['{"userId":"é"}', '{"userId":"b"}'];
    const exact = usersBytes(json);
    expect(bulkBodyBytes(json, exact, false).length).toBe(
      '{"users":['.length + exact + '],"createNewFields":false}'.length,
    );
    for (const wrong of [exact - 1, exact + 1, exact - 3, exact + 30]) {
      expect(() => bulkBodyBytes(json, wrong, false)).toThrow(`not ${wrong}`);
    }
  });
});
