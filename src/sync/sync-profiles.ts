/**
 * A whole sync: profiles from a source in, a `SyncReport` out. Wires the stages (validate → state
 * lookup → batch → limit → send → map → record state → report), pulls the source through them
 * lazily, and turns an abort or a fatal error into the right rejection.
 */

import type { ClientInternals } from '../client/client.js';
import { SyncAbortedError } from '../errors/sync-aborted-error.js';
import { profileDataFields } from '../profile/to-iterable-user.js';
import { fingerprint } from '../state/fingerprint.js';
import { StateStoreError } from '../state/state-store-error.js';
import { ABORTED, untilAborted } from './abortable.js';
import { type Batch, type BatchEntry, Batcher } from './batcher.js';
import { Dispatcher } from './dispatcher.js';
import { type ResolvedSyncOptions, resolveSyncOptions, type SyncOptions } from './options.js';
import { type BatchOutcome, dryRunOutcome } from './outcome.js';
import { assertSource, readSource } from './read-source.js';
import type { SyncReport } from './report.js';
import { Sender } from './sender.js';
import { StateLookup } from './state-lookup.js';
import { recordConfirmed } from './state-record.js';
import { Tally } from './tally.js';
import { isFailure, validateProfile } from './validate.js';

export type { SyncOptions } from './options.js';

/** Runs one sync; see `IterableClient.syncProfiles`. */
export async function syncProfiles(
  internals: ClientInternals,
  source: Iterable<unknown> | AsyncIterable<unknown>,
  options: SyncOptions = {},
): Promise<SyncReport> {
  assertSource(source);
  const resolved = resolveSyncOptions(options);
  const tally = new Tally(resolved.maxFailuresInReport, resolved.onFailure);
  const userSignal = resolved.signal;
  // Aborted before it began: nothing was read, and the caller still gets a report.
  if (userSignal?.aborted) throw new SyncAbortedError(tally.report(resolved.dryRun), userSignal.reason);

  const dispatcher = new Dispatcher({
    concurrency: Math.max(1, internals.options.limiter.concurrency),
    tally,
    signal: userSignal,
    send: sendFor(internals, resolved),
    record: recorderFor(internals, resolved),
    onProgress: resolved.onProgress,
  });
  try {
    await pull(source, internals, resolved, tally, dispatcher);
  } catch (error) {
    dispatcher.halt(error);
  }
  await dispatcher.drain();

  const report = tally.report(resolved.dryRun);
  if (dispatcher.fatal) {
    const { error } = dispatcher.fatal;
    // A failing store stops the sync; its error carries the report, which still adds up.
    throw error instanceof StateStoreError ? error.withReport(report) : error;
  }
  if (userSignal?.aborted) throw new SyncAbortedError(report, userSignal.reason);
  return report;
}

/** How confirmed users are recorded: in the state, unless there is none or this is a dry run. */
function recorderFor(
  internals: ClientInternals,
  options: ResolvedSyncOptions,
): ((outcome: BatchOutcome) => Promise<void>) | undefined {
  const { state, dryRun } = options;
  if (state === undefined || dryRun) return undefined;
  return (outcome) => recordConfirmed(state, internals.stateScope, outcome);
}

/** How batches are sent: through the client's limiter, or (dry run) not at all. */
function sendFor(
  internals: ClientInternals,
  options: ResolvedSyncOptions,
): (batch: Batch, signal: AbortSignal) => Promise<BatchOutcome> {
  if (options.dryRun) return async (batch) => dryRunOutcome(batch.entries);
  const sender = new Sender(internals, options);
  return (batch, signal) => internals.options.limiter(() => sender.send(batch, signal));
}

/** Reads the source through validation, the state lookup and the batcher, dispatching each batch cut. */
async function pull(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  internals: ClientInternals,
  options: ResolvedSyncOptions,
  tally: Tally,
  dispatcher: Dispatcher,
): Promise<void> {
  const { signal } = dispatcher;
  const batcher = new Batcher({
    limits: options.limits,
    createMissingUsers: options.createMissingUsers,
    createNewFields: options.createNewFields,
    bodies: !options.dryRun,
  });
  const lookup = options.state
    ? new StateLookup(options.state, internals.stateScope, options.limits.maxUsers, options.resync)
    : undefined;

  const toBatcher = (entry: BatchEntry) => {
    const failures = batcher.add(entry);
    if (failures !== undefined) for (const failure of failures) tally.fail(failure);
  };
  const dispatchReady = async () => {
    for (const batch of batcher.drain()) await dispatcher.dispatch(batch);
  };
  const lookUp = async (active: StateLookup) => {
    const found = await untilAborted(active.take(), signal);
    if (found === ABORTED) return;
    tally.unchanged(found.unchanged);
    for (const entry of found.changed) toBatcher(entry);
    await dispatchReady();
  };

  await readSource(source, signal, (raw) => {
    const index = tally.read();
    const profile = validateProfile(raw, index);
    if (isFailure(profile)) {
      tally.fail(profile);
      return;
    }
    const entry: BatchEntry = {
      profile,
      index,
      merged: undefined,
      // Only when a state will be asked whether the user changed.
      fingerprint: lookup === undefined ? undefined : fingerprint(profileDataFields(profile)),
    };
    if (lookup === undefined) {
      toBatcher(entry);
      return batcher.hasReady ? dispatchReady() : undefined;
    }
    return lookup.add(entry) ? lookUp(lookup) : undefined;
  });
  if (signal.aborted) return;
  if (lookup !== undefined && !lookup.isEmpty) await lookUp(lookup);
  batcher.flush();
  await dispatchReady();
}
