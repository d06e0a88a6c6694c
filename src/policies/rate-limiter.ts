import { sleep } from './sleep.js';

/**
 * Decides when the next request may start. Pass one instance to several clients that write to
 * the same Iterable project so that, together, they stay within the project's limit.
 * Implement it to share a limit between processes (see `@subsets/iterable/redis`).
 */
export interface RateLimiter {
  /**
   * Resolves when one request may start. Rejects with `signal.reason` when the signal aborts
   * while waiting.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Told when Iterable answered 429 despite the limiter (another process is writing to the same
   * project, or the limit is lower than configured): no request starts for `delayMs`.
   */
  penalize?(delayMs: number): void;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed to start per second; must be a positive number. */
  readonly requestsPerSecond: number;
  /**
   * Extra spacing added to every interval, as a share of it, so that network jitter never makes
   * the server count one request too many in a second.
   * @default 0.02
   */
  readonly margin?: number;
}

/**
 * An in-memory rate limiter that spaces request starts evenly: with `requestsPerSecond: 5`, one
 * start every 204 ms (200 ms plus the 2% margin), so no one-second window ever holds more than 5.
 * Starts are reserved in call order. After {@link RateLimiter.penalize}, nothing starts until the
 * penalty has passed.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ requestsPerSecond: 5 });
 * const a = new IterableClient({ apiKey, rateLimit: limiter });
 * const b = new IterableClient({ apiKey, rateLimit: limiter }); // a and b share 5 req/s
 * ```
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerSecond } = options;
  if (typeof requestsPerSecond !== 'number' || !(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new TypeError(`requestsPerSecond must be a positive number (got ${String(requestsPerSecond)})`);
  }
  const margin = options.margin ?? 0.02;
  if (typeof margin !== 'number' || !(margin >= 0)) {
    throw new TypeError(`margin must be a number ≥ 0 (got ${String(margin)})`);
  }
  const intervalMs = (1000 / requestsPerSecond) * (1 + margin);
  let nextStart = 0;
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const now = performance.now();
      const start = Math.max(now, nextStart);
      nextStart = start + intervalMs;
      return sleep(start - now, signal);
    },
    penalize(delayMs) {
      nextStart = Math.max(nextStart, performance.now() + delayMs);
    },
  };
}

/** A limiter that never waits: used when rate limiting is turned off. */
export const unlimitedRateLimiter: RateLimiter = Object.freeze({
  acquire: (signal?: AbortSignal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
});
