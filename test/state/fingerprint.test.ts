import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUBSETS_FIELDS } from '../../src/index.js';
import { fingerprint, hash64 } from '../../src/state/fingerprint.js';

const NAMES = SUBSETS_FIELDS.map((field) => field.name);
const dataFields = fc.dictionary(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }), { maxKeys: 5 });
const canonical = (fields: Record<string, string>) =>
  JSON.stringify(NAMES.map((name) => (name in fields ? fields[name] : null)));

describe('fingerprint', () => {
  it('is 64 bits as 16 hex characters, and the same for the same fields in any key order', () => {
    fc.assert(
      fc.property(dataFields, (fields) => {
        const print = fingerprint(fields);
        expect(print).toMatch(/^[0-9a-f]{16}$/);
        const reversed = Object.fromEntries(Object.entries(fields).reverse());
        expect(fingerprint(reversed)).toBe(print);
      }),
    );
  });

  it('differs whenever the field set or a value differs', () => {
    fc.assert(
      fc.property(dataFields, dataFields, (a, b) => {
        fc.pre(canonical(a) !== canonical(b));
        expect(fingerprint(a)).not.toBe(fingerprint(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells a missing field from an empty one, and never runs two values together', () => {
    const churn = 'subsetsSubscriberChurnRisk';
    expect(fingerprint({})).not.toBe(fingerprint({ [churn]: '' }));
    expect(fingerprint({ subsetsExperimentId: 'a', subsetsExperimentAddedAt: 'bc' })).not.toBe(
      fingerprint({ subsetsExperimentId: 'ab', subsetsExperimentAddedAt: 'c' }),
    );
    expect(fingerprint({ [churn]: '0.5' })).not.toBe(fingerprint({ subsetsExperimentId: '0.5' }));
  });

  it('spreads 200,000 near-identical inputs without a clash', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i += 1) seen.add(hash64(`user-${i}:0.${i % 1000}`));
    expect(seen.size).toBe(200_000);
  });
});
