/** The profile every benchmark sends: a full experiment assignment plus a churn risk. */
export interface BenchProfile {
  readonly userId: string;
  readonly experimentId: string;
  readonly experimentName: string;
  readonly addedAt: string;
  readonly assignment: 'treatment' | 'control';
  readonly churnRisk: number;
}

/** One distinct `addedAt` per second of an hour, written once, so that making a profile costs little. */
const ADDED_AT = Array.from({ length: 3600 }, (_, second) =>
  new Date(Date.UTC(2026, 10, 1) + second * 1000).toISOString(),
);

/** The `index`-th profile of a run: deterministic, so every contender sends the same data. */
export function benchProfile(index: number, prefix = 'user'): BenchProfile {
  return {
    userId: `${prefix}-${index}`,
    experimentId: 'exp-2026-11-winback',
    experimentName: 'Winback offer, November 2026',
    addedAt: ADDED_AT[index % ADDED_AT.length] as string,
    assignment: index % 2 === 0 ? 'treatment' : 'control',
    churnRisk: ((index * 7919) % 1001) / 1000,
  };
}

/**
 * `count` profiles made one at a time as they are read, as from a database cursor or a file: the
 * measured process holds only the batches in flight, and making a profile costs a fraction of a
 * microsecond, the same for every contender.
 */
export function* generateProfiles(count: number, prefix = 'user', from = 0): Generator<BenchProfile> {
  for (let index = from; index < from + count; index += 1) yield benchProfile(index, prefix);
}
