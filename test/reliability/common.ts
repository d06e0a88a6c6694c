export { seededRandom } from '../../src/testing/seeded-random.js';
export { recordingLogger } from '../support/recording-logger.js';

/**
 * What the reliability tests and their child-process fixtures share; free of vitest, so that a
 * fixture can import it outside the test runner.
 */

/**
 * The API key of every reliability test: long and odd enough that any copy of it, anywhere, shows
 * up in a plain substring search.
 */
export const SECRET_KEY = 'rel-KEY-7c1e9a40d25b8f36-NEVER-PRINT';

/** A whole number from `min` to `max`, both included. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The five Subsets fields as setup leaves them (`ensureFields`): all typed `string`. */
export const SETUP_FIELDS: Readonly<Record<string, string>> = {
  subsetsExperimentId: 'string',
  subsetsExperimentAddedAt: 'string',
  subsetsExperimentName: 'string',
  subsetsSubscriberChurnRisk: 'string',
  subsetsExperimentAssignment: 'string',
};
