/**
 * Limit stage: batches in, sent at most `concurrency` at a time; each batch's outcome goes to the
 * tally, then to the state record, then to `onProgress`. Holds what stops a sync: the caller's
 * signal, and the first fatal error of any stage.
 */

import { setMaxListeners } from 'node:events';
import { untilAborted } from './abortable.js';
import type { Batch } from './batcher.js';
import type { BatchOutcome } from './outcome.js';
import type { SyncProgress } from './report.js';
import type { Tally } from './tally.js';

/** What the dispatcher does with each batch. */
export interface DispatcherOptions {
  readonly concurrency: number;
  readonly tally: Tally;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** Sends a batch, given the sync's signal. */
  readonly send: (batch: Batch, signal: AbortSignal) => Promise<BatchOutcome>;
  /** Records an outcome in the state, when the sync keeps one. */
  readonly record: ((outcome: BatchOutcome) => Promise<void>) | undefined;
  readonly onProgress: ((progress: SyncProgress) => void | Promise<void>) | undefined;
}

/** Runs batches for one sync; see the file's opening sentence. */
export class Dispatcher {
  /** Aborts when the caller aborts or a stage fails for good: every wait of the sync listens to it. */
  readonly signal: AbortSignal;
  readonly #options: DispatcherOptions;
  readonly #stop = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #fatal: { readonly error: unknown } | undefined;
  #progress: Promise<void> = Promise.resolve();

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.signal = options.signal ? AbortSignal.any([options.signal, this.#stop.signal]) : this.#stop.signal;
    // Every batch in flight may wait on this signal (for the rate limiter or a retry's backoff), so as
    // many listeners at once are expected: not the leak Node warns about past 10 (each wait removes its own).
    setMaxListeners(2 * options.concurrency + 10, this.signal);
  }

  /** The first error that stopped the sync, other than the caller's abort. */
  get fatal(): { readonly error: unknown } | undefined {
    return this.#fatal;
  }

  /** Stops the sync with `error`, unless the caller has aborted it (then the abort is what happened). */
  halt(error: unknown): void {
    if (this.#options.signal?.aborted) return;
    this.#fatal ??= { error };
    this.#stop.abort(error);
  }

  /** Waits until fewer than `concurrency` batches are in flight, then starts `batch`. */
  async dispatch(batch: Batch): Promise<void> {
    while (this.#inFlight.size >= this.#options.concurrency && !this.signal.aborted) {
      await untilAborted(Promise.race(this.#inFlight), this.signal);
    }
    if (this.signal.aborted) return;
    const job = this.#options
      .send(batch, this.signal)
      .then((outcome) => this.#settle(outcome))
      .catch((error: unknown) => this.halt(error))
      .finally(() => this.#inFlight.delete(job));
    this.#inFlight.add(job);
  }

  /** Waits for every batch in flight and the last progress call. */
  async drain(): Promise<void> {
    await Promise.all(this.#inFlight);
    await this.#progress.catch((error: unknown) => this.halt(error));
  }

  async #settle(outcome: BatchOutcome): Promise<void> {
    const { tally, record, onProgress } = this.#options;
    tally.apply(outcome);
    if (outcome.stop !== undefined) {
      this.halt(outcome.stop.error);
      return;
    }
    if (record !== undefined) await record(outcome);
    if (this.signal.aborted || onProgress === undefined) return;
    // Calls never overlap: each waits for the one before.
    this.#progress = this.#progress.then(() => onProgress(tally.progress()));
    await this.#progress;
  }
}
