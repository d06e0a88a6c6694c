import type { Logger } from '../../src/client/logger.js';

/**
 * What the reliability tests and their child-process fixtures share; free of vitest, so that a
 * fixture can import it outside the test runner.
 */

/**
 * The API key of every reliability test: long and odd enough that any copy of it, anywhere, shows
 * up in a plain substring search.
 */
export const SECRET_KEY = 'rel-KEY-7c1e9a40d25b8f36-NEVER-PRINT';

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number from `min` to `max`, both included. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A logger that keeps every line of every level. */
export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** The five Subsets fields as setup leaves them (`ensureFields`): all typed `string`. */
export const SETUP_FIELDS: Readonly<Record<string, string>> = {
  subsetsExperimentId: 'string',
  subsetsExperimentAddedAt: 'string',
  subsetsExperimentName: 'string',
  subsetsSubscriberChurnRisk: 'string',
  subsetsExperimentAssignment: 'string',
};
