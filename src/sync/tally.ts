import type { BatchOutcome } from './outcome.js';
import type { SyncFailure, SyncProgress, SyncReport } from './report.js';

/**
 * Report stage: the running counts of one sync, fed by the read, validation and lookup stages and
 * by each batch's outcome; out comes a progress snapshot or the final report.
 */
export class Tally {
  #total = 0;
  #succeeded = 0;
  #unchanged = 0;
  #failed = 0;
  #invalid = 0;
  #batches = 0;
  #requests = 0;
  #retries = 0;
  #rateLimited = 0;
  readonly #createdFields = new Set<string>();
  readonly #filteredOutFields = new Set<string>();
  readonly #failures: SyncFailure[] = [];
  readonly #started = performance.now();
  readonly #maxFailures: number;
  readonly #onFailure: ((failure: SyncFailure) => void) | undefined;

  constructor(maxFailures: number, onFailure: ((failure: SyncFailure) => void) | undefined) {
    this.#maxFailures = maxFailures;
    this.#onFailure = onFailure;
  }

  /** Counts one profile read from the source; returns its position. */
  read(): number {
    this.#total += 1;
    return this.#total - 1;
  }

  /** Counts profiles skipped because Iterable already holds their values. */
  unchanged(count: number): void {
    this.#unchanged += count;
  }

  /** Records one failed or invalid profile. */
  fail(failure: SyncFailure): void {
    if (failure.reason === 'validation') this.#invalid += 1;
    else this.#failed += 1;
    if (this.#failures.length < this.#maxFailures) this.#failures.push(failure);
    this.#onFailure?.(failure);
  }

  /** Adds what became of one batch. A batch stopped before its answer counts only its requests. */
  apply(outcome: BatchOutcome): void {
    this.#requests += outcome.requests;
    this.#retries += outcome.retries;
    this.#rateLimited += outcome.rateLimited;
    if (outcome.stop !== undefined) return;
    this.#batches += 1;
    this.#succeeded += outcome.succeeded;
    for (const failure of outcome.failures) this.fail(failure);
    for (const name of outcome.createdFields) this.#createdFields.add(name);
    for (const name of outcome.filteredOutFields) this.#filteredOutFields.add(name);
  }

  /** The counts so far. */
  progress(): SyncProgress {
    return {
      total: this.#total,
      processed: this.#succeeded + this.#unchanged + this.#failed + this.#invalid,
      succeeded: this.#succeeded,
      unchanged: this.#unchanged,
      failed: this.#failed,
      invalid: this.#invalid,
      batches: this.#batches,
      requests: this.#requests,
      rateLimited: this.#rateLimited,
      elapsedMs: performance.now() - this.#started,
    };
  }

  /** The final report; profiles read but never answered count as `aborted`. */
  report(dryRun: boolean): SyncReport {
    // Keys in the order SyncReport lists them; `outcomes` is succeeded, unchanged, failed, invalid.
    const { total, processed, elapsedMs, batches, requests, rateLimited, ...outcomes } = this.progress();
    return {
      total,
      ...outcomes,
      aborted: total - processed,
      batches,
      requests,
      retries: this.#retries,
      rateLimited,
      durationMs: Math.round(elapsedMs),
      createdFields: [...this.#createdFields],
      filteredOutFields: [...this.#filteredOutFields],
      failures: this.#failures,
      dryRun,
    };
  }
}
