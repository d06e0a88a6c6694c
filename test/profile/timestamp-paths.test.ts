import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUtcTimestamp } from '../../src/profile/values.js';

describe('toUtcTimestamp fast path', () => {
  it('gives for canonical UTC strings what the general path gives for the same instant', () => {
    const instant = fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, (date) => {
        const iso = date.toISOString();
        const general = toUtcTimestamp(iso.replace('Z', '+00:00'));
        expect(toUtcTimestamp(iso)).toBe(general);
        expect(toUtcTimestamp(`${iso.slice(0, 19)}Z`)).toBe(toUtcTimestamp(`${iso.slice(0, 19)}+00:00`));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses canonical-looking strings that name no real instant', () => {
    for (const bad of [
      '2026-02-30T00:00:00.000Z',
      '2026-11-29T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-29T01:60:00.000Z',
    ]) {
      expect(toUtcTimestamp(bad)).toBeUndefined();
    }
  });
});
