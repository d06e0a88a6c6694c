/**
 * State lookup stage: validated users in, gathered into groups of up to one batch and looked up in
 * the state together; the users whose fields changed since Iterable last confirmed them out, and
 * the count of those that did not.
 */

import { StateStoreError } from '../state/state-store-error.js';
import type { SyncState } from '../state/sync-state.js';
import type { BatchEntry } from './batcher.js';

/** One group, looked up. */
export interface LookupResult {
  /** Users to send, in input order. */
  readonly changed: readonly BatchEntry[];
  /** Users whose fingerprint matches the one recorded: not sent. */
  readonly unchanged: number;
}

/** Gathers users and looks them up a group at a time; see the file's opening sentence. */
export class StateLookup {
  readonly #state: SyncState;
  readonly #scope: string;
  readonly #groupSize: number;
  readonly #resync: boolean;
  #group: BatchEntry[] = [];

  /**
   * @param resync - Look nothing up: every user counts as changed, so that all are sent and recorded.
   */
  constructor(state: SyncState, scope: string, groupSize: number, resync: boolean) {
    this.#state = state;
    this.#scope = scope;
    this.#groupSize = groupSize;
    this.#resync = resync;
  }

  /** Adds a user (with its fingerprint); returns whether a whole group is waiting. */
  add(entry: BatchEntry): boolean {
    this.#group.push(entry);
    return this.#group.length >= this.#groupSize;
  }

  /** Whether any user is waiting. */
  get isEmpty(): boolean {
    return this.#group.length === 0;
  }

  /**
   * Looks the waiting users up with one `get`.
   * @throws StateStoreError naming the store when it fails, or when its answer is not one
   *   fingerprint (or `undefined`) per user.
   */
  async take(): Promise<LookupResult> {
    const group = this.#group;
    this.#group = [];
    if (this.#resync || group.length === 0) return { changed: group, unchanged: 0 };
    const state = this.#state;
    const known = await state
      .get(
        this.#scope,
        group.map((entry) => entry.profile.userId),
      )
      .catch((error: unknown) => {
        throw StateStoreError.from(state.name, 'get', error);
      });
    if (!Array.isArray(known) || known.length !== group.length) {
      const answers = Array.isArray(known) ? `${known.length} answers` : 'no array';
      throw new StateStoreError(state.name, `get returned ${answers} for ${group.length} users`);
    }
    const repeated = repeatedUserIds(group);
    const changed: BatchEntry[] = [];
    for (let i = 0; i < group.length; i += 1) {
      const entry = group[i] as BatchEntry;
      // A user twice in one group is sent: its profiles merge, and the merge is what Iterable holds.
      if (known[i] !== entry.fingerprint || repeated?.has(entry.profile.userId)) changed.push(entry);
    }
    return { changed, unchanged: group.length - changed.length };
  }
}

/** The userIds found more than once in `group`, or `undefined` when there are none (the usual case). */
function repeatedUserIds(group: readonly BatchEntry[]): Set<string> | undefined {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { profile } of group) {
    if (seen.has(profile.userId)) repeated.add(profile.userId);
    else seen.add(profile.userId);
  }
  return repeated.size === 0 ? undefined : repeated;
}
