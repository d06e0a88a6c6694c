/**
 * State record stage: a batch's outcome in; the fingerprints of the users Iterable confirmed whole
 * written to the state, with one `set`. Users that failed, were only partly written, or never got
 * an answer are not in the outcome's `confirmed` list, so the next sync sends them again.
 */

import { StateStoreError } from '../state/state-store-error.js';
import type { SyncState } from '../state/sync-state.js';
import type { BatchOutcome } from './outcome.js';

/** Records what Iterable confirmed; resolves once the store has it. */
export async function recordConfirmed(state: SyncState, scope: string, outcome: BatchOutcome): Promise<void> {
  if (outcome.stop !== undefined || outcome.confirmed.length === 0) return;
  await state.set(scope, outcome.confirmed).catch((error: unknown) => {
    throw StateStoreError.from(state.name, 'set', error);
  });
}
