import type { SyncFailure, SyncProgress, SyncReport } from './report.js';

/** The running counts of one sync, turned into a report or a progress snapshot. */
export class Tally {
  total = 0;
  succeeded = 0;
  failed = 0;
  invalid = 0;
  batches = 0;
  answered = 0;
  requests = 0;
  retries = 0;
  rateLimited = 0;
  readonly createdFields = new Set<string>();
  readonly filteredOutFields = new Set<string>();
  readonly failures: SyncFailure[] = [];
  readonly #started = performance.now();
  readonly #maxFailures: number;
  readonly #onFailure: ((failure: SyncFailure) => void) | undefined;

  constructor(maxFailures: number, onFailure: ((failure: SyncFailure) => void) | undefined) {
    this.#maxFailures = maxFailures;
    this.#onFailure = onFailure;
  }

  /** Records one failed or invalid profile. */
  fail(failure: SyncFailure): void {
    if (failure.reason === 'validation') this.invalid += 1;
    else this.failed += 1;
    if (this.failures.length < this.#maxFailures) this.failures.push(failure);
    this.#onFailure?.(failure);
  }

  progress(): SyncProgress {
    return {
      total: this.total,
      processed: this.succeeded + this.failed + this.invalid,
      succeeded: this.succeeded,
      unchanged: 0,
      failed: this.failed,
      invalid: this.invalid,
      batches: this.answered,
      requests: this.requests,
      rateLimited: this.rateLimited,
      elapsedMs: performance.now() - this.#started,
    };
  }

  report(dryRun: boolean): SyncReport {
    return {
      total: this.total,
      succeeded: this.succeeded,
      unchanged: 0,
      failed: this.failed,
      invalid: this.invalid,
      aborted: this.total - this.succeeded - this.failed - this.invalid,
      batches: this.batches,
      requests: this.requests,
      retries: this.retries,
      rateLimited: this.rateLimited,
      durationMs: Math.round(performance.now() - this.#started),
      createdFields: [...this.createdFields],
      filteredOutFields: [...this.filteredOutFields],
      failures: this.failures,
      dryRun,
    };
  }
}
