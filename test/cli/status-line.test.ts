import { describe, expect, it } from 'vitest';
import { duration, rate } from '../../src/cli/format.js';
import { clip, columns, fitParts, type StatusPart } from '../../src/cli/sync/status-line.js';

const parts: StatusPart[] = [
  { text: { bar: 0.5 }, rank: 3 },
  { text: '50%', rank: 2 },
  { text: '10,000 of ~20,000 profiles', rank: 6 },
  { text: '3 failed · 412 invalid', rank: 5 },
  { text: '3,888 profiles/s', rank: 1 },
  { text: 'ETA 2.6 s', rank: 4 },
];

describe('fitParts', () => {
  it('shows every part with a bar when the terminal is wide', () => {
    expect(fitParts(parts, 119)).toMatch(
      /^█+░+ 50% · 10,000 of ~20,000 profiles · 3 failed · 412 invalid · 3,888 profiles\/s · ETA 2\.6 s$/,
    );
  });

  it('leaves out the lowest-ranked parts first and never goes past the width', () => {
    for (let width = 20; width <= 120; width += 1) {
      const line = fitParts(parts, width);
      expect(columns(line)).toBeLessThanOrEqual(width);
      expect(line).toContain(width >= 26 ? '10,000 of ~20,000 profiles' : '10,000 of');
    }
    expect(fitParts(parts, 79)).toMatch(
      /^[█░]{10,30} 10,000 of ~20,000 profiles · 3 failed · 412 invalid · ETA 2\.6 s$/,
    );
  });

  it('cuts the last part at a space, with an ellipsis, when even it is too wide', () => {
    expect(clip('10,000 of ~20,000 profiles', 14)).toBe('10,000 of…');
  });
});

describe('one number format', () => {
  it('gives a rate one decimal under 100 and whole numbers from 100, none for too little', () => {
    expect(rate(21, 5000)).toBe('4.2');
    expect(rate(20, 5000)).toBe('4.0');
    expect(rate(20_000, 5000)).toBe('4,000');
    expect(rate(1, 5000)).toBeUndefined();
    expect(rate(50, 500)).toBeUndefined();
  });

  it('gives durations one decimal in seconds', () => {
    expect(duration(3000)).toBe('3.0 s');
    expect(duration(6789)).toBe('6.8 s');
    expect(duration(850)).toBe('850 ms');
  });
});
