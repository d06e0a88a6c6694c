/** A caller waiting for its turn to start a request. */
export interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
}

interface QueuedWaiter extends Waiter {
  readonly onAbort: () => void;
}

/**
 * Callers waiting, oldest first, for a start from a rate limiter. A caller whose signal aborts
 * leaves the queue at once and is rejected with the signal's reason, so an aborted wait takes no
 * start. Used by the in-memory and the Redis rate limiters.
 */
export class WaiterQueue {
  readonly #waiters: QueuedWaiter[] = [];
  readonly #onEmptiedByAbort: () => void;

  /** @param onEmptiedByAbort - Called when an abort leaves the queue empty (to stop a pending timer). */
  constructor(onEmptiedByAbort: () => void) {
    this.#onEmptiedByAbort = onEmptiedByAbort;
  }

  /** How many callers wait. */
  get length(): number {
    return this.#waiters.length;
  }

  /** Joins the queue; the promise settles when the caller is handed out, or when its signal aborts. */
  join(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: QueuedWaiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index !== -1) this.#waiters.splice(index, 1);
          if (this.#waiters.length === 0) this.#onEmptiedByAbort();
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Takes the oldest caller out of the queue, no longer listening to its signal. */
  shift(): Waiter | undefined {
    const waiter = this.#waiters.shift();
    waiter?.signal?.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }

  /** Takes every caller out of the queue, oldest first. */
  drain(): Waiter[] {
    const waiters: Waiter[] = [];
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift()) waiters.push(waiter);
    return waiters;
  }
}
