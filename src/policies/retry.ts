import pRetry from 'p-retry';
import { IterableApiError } from '../errors/api-error.js';
import { IterableError } from '../errors/iterable-error.js';
import { IterableNetworkError } from '../errors/network-error.js';
import { IterableTimeoutError } from '../errors/timeout-error.js';
import { nonNegative, wholeNumber } from '../options/check.js';
import { sleep } from './sleep.js';

/**
 * How failed requests are retried. Every field is optional; omitted ones take the defaults.
 * @category Policies
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt; `0` sends each request once.
   * @default 5
   */
  readonly retries?: number;
  /**
   * Backoff before the first retry, in milliseconds, when the server gave no hint.
   * @default 500
   */
  readonly minDelayMs?: number;
  /**
   * Longest backoff between two attempts, in milliseconds.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * Growth of the backoff from one retry to the next.
   * @default 2
   */
  readonly factor?: number;
  /**
   * Longest server-requested delay (`Retry-After`, `retry-after-ms`) that is honoured, in milliseconds;
   * longer hints are cut to this.
   * @default 60000
   */
  readonly maxRetryAfterMs?: number;
}

/**
 * A retry policy with every option filled in, as in {@link DEFAULT_RETRY}.
 * @category Policies
 */
export type RetryPolicy = Required<RetryOptions>;

/**
 * The policy used when a client is given no `retry` option.
 * @category Policies
 */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  retries: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  maxRetryAfterMs: 60_000,
});

/** Fills and checks a `retry` option; throws a `TypeError` naming the bad field. */
export function normalizeRetry(retry: number | RetryOptions | false | undefined): RetryPolicy {
  if (retry === undefined) return DEFAULT_RETRY;
  if (retry === false) return { ...DEFAULT_RETRY, retries: 0 };
  if (typeof retry === 'number') return { ...DEFAULT_RETRY, retries: wholeNumber('retry', retry) };
  if (typeof retry !== 'object' || retry === null) {
    throw new TypeError(
      `retry must be a whole number ≥ 0, a RetryOptions object or false (got ${String(retry)})`,
    );
  }
  const or = <K extends keyof RetryPolicy>(field: K): RetryPolicy[K] => retry[field] ?? DEFAULT_RETRY[field];
  const policy: Record<keyof RetryPolicy, number> = {
    ...DEFAULT_RETRY,
    retries: wholeNumber('retry.retries', or('retries')),
  };
  for (const field of ['minDelayMs', 'maxDelayMs', 'factor', 'maxRetryAfterMs'] as const) {
    policy[field] = nonNegative(`retry.${field}`, or(field));
  }
  return policy;
}

/**
 * Whether running the same call again later may succeed: the error's own `retryable` flag. This is
 * what a sync reports on a failure (`retryable: true` asks the caller to run it again later); it is
 * wider than what the retry policy repeats within one request (see {@link isRetriedInRequest}).
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof IterableError && error.retryable;
}

/**
 * Whether the retry policy sends a failed request again within the same call: only when the request
 * itself failed in a way a second attempt may get past. That is no answer (network error), no answer
 * within `timeout`, and an answer of 408, 429, 5xx or a 2xx whose body could not be read. Anything
 * else ends the call at once, including errors that are `retryable` for the caller but not for the
 * request: a Redis outage in the rate limiter (`RedisRateLimiterError`) fails closed rather than
 * hammering a Redis that is down, and a field setup that timed out is the caller's to run again.
 */
export function isRetriedInRequest(error: unknown): boolean {
  const fromTheRequest =
    error instanceof IterableApiError ||
    error instanceof IterableNetworkError ||
    error instanceof IterableTimeoutError;
  return fromTheRequest && error.retryable;
}

/**
 * The wait before retry number `retry` (1-based): the server's hint when there is one (capped,
 * no jitter), else exponential backoff with jitter between half and all of the step.
 */
export function retryDelay(error: unknown, retry: number, policy: RetryPolicy, random = Math.random): number {
  if (error instanceof IterableApiError && error.retryAfterMs !== undefined) {
    return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  }
  const step = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (retry - 1));
  return step / 2 + random() * (step / 2);
}

/** Hooks of {@link withRetry}. */
export interface RetryHooks {
  /** Stops the retries and any wait; the call then rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait with the error and the delay chosen. */
  readonly onRetry?: ((error: unknown, delayMs: number, retry: number) => void) | undefined;
}

/** Runs `attempt` until it succeeds, fails with a final error, or the policy's retries are spent. */
export function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  if (policy.retries === 0) return attempt();
  const { signal, onRetry } = hooks;
  // p-retry swaps a thrown non-Error (`controller.abort('stop')`) for its own TypeError: give the
  // caller back the signal's reason, as documented.
  const rethrowReason = (error: unknown): never => {
    throw signal?.aborted ? signal.reason : error;
  };
  return pRetry(attempt, {
    retries: policy.retries,
    // No wait of p-retry's own: the policy's delay is waited in onFailedAttempt.
    minTimeout: 0,
    signal,
    shouldRetry: ({ error }) => isRetriedInRequest(error),
    onFailedAttempt: async ({ error, retriesLeft, attemptNumber }) => {
      if (retriesLeft === 0 || !isRetriedInRequest(error)) return;
      const delay = retryDelay(error, attemptNumber, policy);
      onRetry?.(error, delay, attemptNumber);
      await sleep(delay, signal);
    },
  }).catch(rethrowReason);
}
