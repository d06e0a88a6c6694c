import { sleep } from '../policies/sleep.js';

/** How {@link pollUntil} paces its reads. */
export interface PollOptions {
  /** Time after which no new read starts, in milliseconds, counted from the first read. */
  readonly timeoutMs: number;
  /** Pause between the end of one read and the start of the next, in milliseconds. */
  readonly intervalMs: number;
  /** Stops the waiting; the returned promise rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
}

/** What {@link pollUntil} last read, and whether it satisfied the condition. */
export interface PollResult<T> {
  readonly value: T;
  readonly done: boolean;
  /** Number of reads made. */
  readonly reads: number;
}

/**
 * Reads at once, then every `intervalMs`, until `done(value)` holds or `timeoutMs` has passed.
 * A read in flight when the time runs out finishes first; errors from `read` propagate.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<PollResult<T>> {
  const started = performance.now();
  for (let reads = 1; ; reads++) {
    const value = await read();
    if (done(value)) return { value, done: true, reads };
    const remaining = options.timeoutMs - (performance.now() - started);
    if (remaining <= 0) return { value, done: false, reads };
    await sleep(Math.min(options.intervalMs, remaining), options.signal);
  }
}
