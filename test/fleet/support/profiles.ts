/** The profiles a fleet test job syncs: `count` users of one project, values set by `round`. */
import { toIterableUser } from '../../../src/profile/to-iterable-user.js';

/** What a test job's `source` holds. */
export interface TestSource {
  readonly count: number;
  readonly round: number;
  /** The first user's number; 0 when absent. */
  readonly offset?: number;
}

export function profileOf(project: string, i: number, round: number) {
  return {
    userId: `${project}-u${i}`,
    churnRisk: ((i * 7 + round * 13) % 100) / 100,
  };
}

export function* testProfiles(project: string, { count, round, offset = 0 }: TestSource) {
  for (let i = offset; i < offset + count; i++) yield profileOf(project, i, round);
}

/** The dataFields Iterable should hold for user `i` after a sync of `round`. */
export function expectedFields(project: string, i: number, round: number): Record<string, unknown> {
  return toIterableUser(profileOf(project, i, round)).dataFields as Record<string, unknown>;
}
