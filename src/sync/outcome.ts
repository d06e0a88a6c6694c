import type { StateEntry } from '../state/sync-state.js';
import { type BatchEntry, profileIndexes } from './batcher.js';
import type { SyncFailure } from './report.js';

/** A failure as the sender knows it, before it is tied to each profile of an entry. */
export type EntryFailure = Omit<SyncFailure, 'index' | 'userId'>;

/**
 * What became of one batch: the only thing the sender hands back, and the only thing the tally
 * and the state record read.
 */
export interface BatchOutcome {
  /** Profiles Iterable updated. */
  succeeded: number;
  /** Profiles Iterable did not update, each with its reason. */
  readonly failures: SyncFailure[];
  /** Users Iterable confirmed whole, with the fingerprint to record (only when the sync keeps a state). */
  readonly confirmed: StateEntry[];
  /** Requests sent for the batch, retries included. */
  requests: number;
  /** Retries among them. */
  retries: number;
  /** 429 answers among them. */
  rateLimited: number;
  /** Fields Iterable reported as created. */
  createdFields: readonly string[];
  /** Fields Iterable reported as dropped. */
  filteredOutFields: readonly string[];
  /**
   * Set when the batch has no answer for its users: the sync must stop (a rejected key, a missing
   * field) or was aborted. Its users are then counted as `aborted`.
   */
  stop: { readonly error: unknown } | undefined;
}

/** An outcome with nothing in it yet. */
export function emptyOutcome(): BatchOutcome {
  return {
    succeeded: 0,
    failures: [],
    confirmed: [],
    requests: 0,
    retries: 0,
    rateLimited: 0,
    createdFields: [],
    filteredOutFields: [],
    stop: undefined,
  };
}

/** Records `failure` for every profile of `entry` (a merged entry stands for several). */
export function failEntry(outcome: BatchOutcome, entry: BatchEntry, failure: EntryFailure): void {
  for (const index of profileIndexes(entry)) {
    outcome.failures.push({ ...failure, userId: entry.profile.userId, index });
  }
}

/** Records every profile of `entry` as updated, and its fingerprint when there is one. */
export function succeedEntry(outcome: BatchOutcome, entry: BatchEntry): void {
  outcome.succeeded += 1 + (entry.merged?.length ?? 0);
  if (entry.fingerprint !== undefined) {
    outcome.confirmed.push({ userId: entry.profile.userId, fingerprint: entry.fingerprint });
  }
}

/** The outcome of a dry run: every user would have been sent. */
export function dryRunOutcome(entries: readonly BatchEntry[]): BatchOutcome {
  const outcome = emptyOutcome();
  for (const entry of entries) outcome.succeeded += 1 + (entry.merged?.length ?? 0);
  return outcome;
}
