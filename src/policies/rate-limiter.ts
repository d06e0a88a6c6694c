import { type Logger, resolveLogger } from '../client/logger.js';
import { nonNegative, positive } from '../options/check.js';
import { PacingMargin } from './pacing-margin.js';
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
   * Milliseconds added to each second: starts are spaced `(1000 + marginMs) / requestsPerSecond`
   * ms apart (203 ms at 5 requests/second), so that a request that reaches the server a little
   * late still does not share a second with the one `requestsPerSecond` starts after it. When the
   * limiter's own timers fire late (a loaded machine, where requests reach the server late too),
   * the lateness is added to the margin, fading by half every 10 s.
   * @default 15
   */
  readonly marginMs?: number;
  /**
   * Extra milliseconds of spacing after a cold start: the limiter's first, and any start that
   * follows 4 s without one. Such a request opens a connection (and, in a fresh process, loads
   * the HTTP stack: 50–180 ms measured on loopback) and reaches the server later than the ones
   * that follow. The Redis limiter's option of the same name means the same.
   * @default 200
   */
  readonly firstRequestMarginMs?: number;
  /**
   * Former name of `firstRequestMarginMs`, still accepted.
   * @deprecated Use `firstRequestMarginMs`.
   */
  readonly firstRequestAllowanceMs?: number;
  /**
   * Told, once per widening, when a 429 made the limiter space its starts further apart.
   * @default a silent logger
   */
  readonly logger?: Logger | undefined;
}

/** After this long without a start, keep-alive connections have likely closed: the next start is cold. */
const IDLE_MS = 4000;

/**
 * An in-memory rate limiter. Starts are granted in call order, spaced evenly
 * (`(1000 + marginMs) / requestsPerSecond` ms apart, on a steady beat, so a timer that fires late
 * is made up on the next start rather than lost), and never more than `requestsPerSecond` within
 * any window of one second plus `marginMs`, measured from the moments starts were actually
 * granted, so a late timer never lets a burst through. How late its timers fire beyond 2 ms is
 * added to the margin (the worst recent lateness, fading by half every 10 s), so that pacing loosens
 * on a loaded machine before a 429 says so. A cold start (the first, or one after 4 s
 * idle) is followed by `firstRequestMarginMs` more. After {@link RateLimiter.penalize}, nothing
 * starts until the penalty has passed, and the margin widens by 25 ms (up to 200 ms, logged once
 * per widening) for the next 10 minutes: a 429 despite the pacing means the requests reach the
 * server with more jitter than the margin covers, and one late request must not become several 429s.
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
  return pacedRateLimiter(resolveRateLimiterOptions(options));
}

/** The margins of {@link RateLimiterOptions} when none is given, in milliseconds. */
export const DEFAULT_MARGINS = { baseMarginMs: 15, coldMarginMs: 200 } as const;

/** What a {@link pacedRateLimiter} runs on: the options of {@link createRateLimiter}, checked. */
export interface PacingSettings {
  readonly requestsPerSecond: number;
  /** `marginMs`. */
  readonly baseMarginMs: number;
  /** `firstRequestMarginMs`. */
  readonly coldMarginMs: number;
  readonly logger: Logger;
}

/** The limiter {@link createRateLimiter} describes, from settings already checked. */
export function pacedRateLimiter(settings: PacingSettings): RateLimiter {
  const { requestsPerSecond, baseMarginMs, coldMarginMs, logger } = settings;
  const perWindow = Math.max(1, Math.floor(requestsPerSecond));
  const margin = new PacingMargin(baseMarginMs);
  /** When the last start was due (its place on the beat) and when it was actually granted. */
  let lastDue: number | undefined;
  let lastGrant = Number.NEGATIVE_INFINITY;
  /** When the last `perWindow` starts count in the window (a cold start counts late). */
  const granted: number[] = [];
  let penaltyUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending timer is meant to fire. */
  let timerDue = 0;
  const queue = new WaiterQueue(() => {
    clearTimeout(timer);
    timer = undefined;
  });

  const nextAllowed = (marginMs: number): number => {
    let at = penaltyUntil;
    if (lastDue !== undefined) at = Math.max(at, lastDue + (1000 + marginMs) / requestsPerSecond);
    if (granted.length >= perWindow)
      at = Math.max(at, (granted[granted.length - perWindow] as number) + 1000 + marginMs);
    return at;
  };

  const wake = (): void => {
    margin.timerFired(timerDue, performance.now());
    pump();
  };

  const pump = (): void => {
    timer = undefined;
    while (queue.length > 0) {
      const now = performance.now();
      const marginMs = margin.at(now);
      const at = nextAllowed(marginMs);
      if (at > now) {
        const delayMs = Math.ceil(at - now);
        timerDue = now + delayMs;
        timer = setTimeout(wake, delayMs);
        return;
      }
      const waiter = queue.shift() as Waiter;
      const cold = now - lastGrant > IDLE_MS;
      // On the beat when this start is only a little late; a new beat after a pause.
      const due = lastDue !== undefined && now - at < (1000 + marginMs) / requestsPerSecond ? at : now;
      lastDue = cold ? now + coldMarginMs : due;
      lastGrant = now;
      granted.push(cold ? now + coldMarginMs : now);
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
      const now = performance.now();
      penaltyUntil = Math.max(penaltyUntil, now + delayMs);
      const widening = margin.widen(now);
      if (widening === undefined) return;
      const { fromMs, toMs, stepMs, first } = widening;
      const rate = (ms: number) => ((requestsPerSecond * 1000) / (1000 + ms)).toFixed(2);
      const message =
        `rate limiter: Iterable answered 429 despite the pacing; margin widened by ${stepMs} ms to ` +
        `${Math.round(toMs)} ms a second for the next 10 minutes (${rate(fromMs)} → ${rate(toMs)} requests/second)`;
      if (first) logger.info(message);
      else logger.debug(message);
    },
  };
}

function resolveRateLimiterOptions(options: RateLimiterOptions): PacingSettings {
  const requestsPerSecond = positive('requestsPerSecond', options.requestsPerSecond);
  const baseMarginMs = nonNegative('marginMs', options.marginMs ?? DEFAULT_MARGINS.baseMarginMs);
  const name =
    options.firstRequestMarginMs === undefined && options.firstRequestAllowanceMs !== undefined
      ? 'firstRequestAllowanceMs'
      : 'firstRequestMarginMs';
  const coldMarginMs = nonNegative(
    name,
    options.firstRequestMarginMs ?? options.firstRequestAllowanceMs ?? DEFAULT_MARGINS.coldMarginMs,
  );
  return { requestsPerSecond, baseMarginMs, coldMarginMs, logger: resolveLogger(options.logger) };
}

/** A limiter that never waits: used when rate limiting is turned off. */
export const unlimitedRateLimiter: RateLimiter = Object.freeze({
  acquire: (signal?: AbortSignal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
});
