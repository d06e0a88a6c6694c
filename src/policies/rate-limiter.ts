import { nonNegative, positive } from '../options/check.js';
import { type Waiter, WaiterQueue } from './waiter-queue.js';

/**
 * Decides when the next request may start. Pass one instance to several clients that write to
 * the same Iterable project so that, together, they stay within the project's limit.
 * Implement it to share a limit between processes (see `@subsets/iterable/redis`).
 * @category Policies
 */
export interface RateLimiter {
  /**
   * Resolves when one request may start. Rejects with `signal.reason` when the signal aborts
   * while waiting; an aborted wait uses up no start.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Told when Iterable answered 429 despite the limiter (another process is writing to the same
   * project, or the limit is lower than configured): no request starts for `delayMs`.
   */
  penalize?(delayMs: number): void;
}

/**
 * Options of {@link createRateLimiter}.
 * @category Policies
 */
export interface RateLimiterOptions {
  /** Requests allowed to start per second; a positive number. */
  readonly requestsPerSecond: number;
  /**
   * Milliseconds added to the one-second window, so that network jitter never makes the server
   * count one request too many in a second.
   * @default 25
   */
  readonly marginMs?: number;
  /**
   * How much later than granted the limiter counts its very first start. The first request a
   * process sends reaches the server late (connection set-up and HTTP stack start-up: 50–180 ms
   * measured on loopback), which would otherwise let the sixth request land in the first one's
   * second.
   * @default 200
   */
  readonly firstRequestAllowanceMs?: number;
}

/**
 * An in-memory rate limiter. Starts are granted in call order, spaced evenly
 * (`1000 / requestsPerSecond` ms apart), and never more than `requestsPerSecond` within any
 * window of one second plus `marginMs`, measured from the moments starts were actually granted,
 * so a late timer never lets a burst through. The very first start counts `firstRequestAllowanceMs`
 * late, since the first request of a process travels slowest. After {@link RateLimiter.penalize}, nothing starts
 * until the penalty has passed.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ requestsPerSecond: 5 });
 * const a = new IterableClient({ apiKey, rateLimit: limiter });
 * const b = new IterableClient({ apiKey, rateLimit: limiter }); // a and b share 5 req/s
 * ```
 * @category Policies
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const requestsPerSecond = positive('requestsPerSecond', options.requestsPerSecond);
  const marginMs = nonNegative('marginMs', options.marginMs ?? 25);
  const allowanceMs = nonNegative('firstRequestAllowanceMs', options.firstRequestAllowanceMs ?? 200);
  const spacingMs = 1000 / requestsPerSecond;
  const windowMs = 1000 + marginMs;
  const perWindow = Math.max(1, Math.floor(requestsPerSecond));
  // When the last starts were granted (for spacing), and when they count in the window.
  let lastGrant: number | undefined;
  const granted: number[] = [];
  let penaltyUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue = new WaiterQueue(() => {
    clearTimeout(timer);
    timer = undefined;
  });

  const nextAllowed = (): number => {
    let at = Math.max(penaltyUntil, lastGrant === undefined ? 0 : lastGrant + spacingMs);
    if (granted.length >= perWindow)
      at = Math.max(at, (granted[granted.length - perWindow] as number) + windowMs);
    return at;
  };

  const pump = (): void => {
    timer = undefined;
    while (queue.length > 0) {
      const now = performance.now();
      const at = nextAllowed();
      if (at > now) {
        timer = setTimeout(pump, Math.ceil(at - now));
        return;
      }
      const waiter = queue.shift() as Waiter;
      granted.push(lastGrant === undefined ? now + allowanceMs : now);
      lastGrant = now;
      if (granted.length > perWindow) granted.shift();
      waiter.resolve();
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const turn = queue.join(signal);
      if (timer === undefined) pump();
      return turn;
    },
    penalize(delayMs) {
      penaltyUntil = Math.max(penaltyUntil, performance.now() + delayMs);
    },
  };
}

/** A limiter that never waits: used when rate limiting is turned off. */
export const unlimitedRateLimiter: RateLimiter = Object.freeze({
  acquire: (signal?: AbortSignal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
});
