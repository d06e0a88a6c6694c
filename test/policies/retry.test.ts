import fc from 'fast-check';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { IterableApiError } from '../../src/errors/api-error.js';
import { FieldSetupTimeoutError } from '../../src/errors/field-setup-timeout-error.js';
import { IterableError } from '../../src/errors/iterable-error.js';
import { IterableNetworkError } from '../../src/errors/network-error.js';
import { IterableRateLimitError } from '../../src/errors/rate-limit-error.js';
import { IterableTimeoutError } from '../../src/errors/timeout-error.js';
import type { RateLimiter } from '../../src/policies/rate-limiter.js';
import {
  DEFAULT_RETRY,
  isRetriedInRequest,
  isRetryable,
  normalizeRetry,
  type RetryPolicy,
  retryDelay,
} from '../../src/policies/retry.js';
import { RedisRateLimiterError } from '../../src/redis/redis-rate-limiter-error.js';
import {
  bulkOk,
  iterableError,
  makeClient,
  onBulkUpdate,
  recordingLogger,
  rejectionOf,
  useFakeTimers,
  user,
  useServer,
} from '../client/support.js';

const { server, count } = useServer();

function apiError(status: number, retryAfterMs?: number): IterableApiError {
  return new IterableApiError({
    status,
    endpoint: 'POST /api/users/bulkUpdate',
    retryable: status === 408 || status === 429 || status >= 500,
    retryAfterMs,
  });
}

describe('normalizeRetry', () => {
  it('fills the defaults: 5 retries from 500 ms, doubling, at most 30 s, hints up to 60 s', () => {
    expect(normalizeRetry(undefined)).toEqual({
      retries: 5,
      minDelayMs: 500,
      maxDelayMs: 30_000,
      factor: 2,
      maxRetryAfterMs: 60_000,
    });
  });

  it('reads false as no retries and a number as the count of retries', () => {
    expect(normalizeRetry(false)).toEqual({ ...DEFAULT_RETRY, retries: 0 });
    expect(normalizeRetry(3)).toEqual({ ...DEFAULT_RETRY, retries: 3 });
  });

  it('fills the fields an object leaves out', () => {
    expect(normalizeRetry({ retries: 1, maxRetryAfterMs: 5000 })).toEqual({
      ...DEFAULT_RETRY,
      retries: 1,
      maxRetryAfterMs: 5000,
    });
  });

  it.each([
    ['retries', { retries: -1 }],
    ['minDelayMs', { minDelayMs: Number.NaN }],
    ['maxDelayMs', { maxDelayMs: -1 }],
    ['factor', { factor: 'x' }],
    ['maxRetryAfterMs', { maxRetryAfterMs: Number.NEGATIVE_INFINITY }],
  ])('names the bad field %s', (field, retry) => {
    expect(() => normalizeRetry(retry as never)).toThrow(new RegExp(`retry\\.${field}`));
  });
});

describe('isRetryable', () => {
  it('retries what may pass later and nothing else', () => {
    expect(isRetryable(apiError(503))).toBe(true);
    expect(isRetryable(apiError(408))).toBe(true);
    expect(isRetryable(new IterableRateLimitError({ endpoint: 'x' }))).toBe(true);
    expect(isRetryable(new IterableNetworkError('x', new Error('reset')))).toBe(true);
    expect(isRetryable(new IterableTimeoutError('x', 10))).toBe(true);
    expect(isRetryable(apiError(400))).toBe(false);
    expect(isRetryable(new IterableError('final'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable('text')).toBe(false);
  });
});

describe('isRetriedInRequest', () => {
  it('repeats a request only for what the request itself may get past on a second attempt', () => {
    expect(isRetriedInRequest(apiError(503))).toBe(true);
    expect(isRetriedInRequest(apiError(408))).toBe(true);
    expect(isRetriedInRequest(new IterableRateLimitError({ endpoint: 'x' }))).toBe(true);
    expect(isRetriedInRequest(new IterableNetworkError('x', new Error('reset')))).toBe(true);
    expect(isRetriedInRequest(new IterableTimeoutError('x', 10))).toBe(true);
    expect(isRetriedInRequest(apiError(400))).toBe(false);
    expect(isRetriedInRequest(new Error('plain'))).toBe(false);
  });

  it('does not repeat a request for errors that are retryable only for the caller', () => {
    const redisDown = new RedisRateLimiterError('Redis did not answer', 'prefix:key');
    const setupTimeout = new FieldSetupTimeoutError(['subsetsExperimentAddedAt'], 1000);
    expect([redisDown.retryable, setupTimeout.retryable]).toEqual([true, true]);
    expect([isRetryable(redisDown), isRetryable(setupTimeout)]).toEqual([true, true]);
    expect([isRetriedInRequest(redisDown), isRetriedInRequest(setupTimeout)]).toEqual([false, false]);
  });
});

describe('retryDelay', () => {
  const policy: RetryPolicy = {
    retries: 10,
    minDelayMs: 1000,
    maxDelayMs: 8000,
    factor: 2,
    maxRetryAfterMs: 5000,
  };

  it('takes the server hint as it is, without jitter', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999]) {
      expect(retryDelay(apiError(503, 1234), 1, policy, random)).toBe(1234);
    }
  });

  it('cuts a server hint to maxRetryAfterMs', () => {
    expect(retryDelay(apiError(429, 3_600_000), 1, policy, () => 0)).toBe(5000);
  });

  it('without a hint, backs off exponentially between half and all of each step', () => {
    const steps = [1000, 2000, 4000, 8000, 8000];
    steps.forEach((step, index) => {
      expect(retryDelay(apiError(503), index + 1, policy, () => 0)).toBe(step / 2);
      expect(retryDelay(apiError(503), index + 1, policy, () => 1)).toBe(step);
    });
  });

  it('stays within the jitter bounds for any random draw and any retry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, draw) => {
          const step = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (retry - 1));
          const delay = retryDelay(new IterableNetworkError('x', 'reset'), retry, policy, () => draw);
          return delay >= step / 2 && delay <= step;
        },
      ),
    );
  });
});

describe('retries through the client', () => {
  it.each([[0], [1], [2], [4]])('with %i retries, sends retries + 1 attempts', async (retries) => {
    server.use(onBulkUpdate(() => iterableError(503, 'GenericError', 'try again later')));
    const error = await rejectionOf(
      makeClient({ retry: { retries, minDelayMs: 0 } }).bulkUpdate([user('u-1')]),
    );
    expect(error).toBeInstanceOf(IterableApiError);
    expect(count()).toBe(retries + 1);
  });

  it('with retry: false, sends once', async () => {
    server.use(onBulkUpdate(() => iterableError(503, 'GenericError', 'try again later')));
    await rejectionOf(makeClient({ retry: false }).bulkUpdate([user('u-1')]));
    expect(count()).toBe(1);
  });

  it('by default retries 5 times (6 attempts)', async () => {
    useFakeTimers();
    server.use(onBulkUpdate(() => iterableError(503, 'GenericError', 'try again later')));
    const outcome = rejectionOf(makeClient({ retry: undefined }).bulkUpdate([user('u-1')]));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toBeInstanceOf(IterableApiError);
    expect(count()).toBe(6);
  });

  it.each([[400], [401], [403], [404], [409], [422]])('never retries a %i', async (status) => {
    server.use(onBulkUpdate(() => iterableError(status, 'BadParams', 'no')));
    await rejectionOf(makeClient({ retry: { retries: 3, minDelayMs: 0 } }).bulkUpdate([user('u-1')]));
    expect(count()).toBe(1);
  });

  it('retries a network error and ends with IterableNetworkError', async () => {
    server.use(onBulkUpdate(() => HttpResponse.error()));
    const error = await rejectionOf(
      makeClient({ retry: { retries: 2, minDelayMs: 0 } }).bulkUpdate([user('u-1')]),
    );
    expect(error).toBeInstanceOf(IterableNetworkError);
    expect(error).toMatchObject({ name: 'IterableNetworkError', endpoint: 'POST /api/users/bulkUpdate' });
    expect((error as IterableNetworkError).retryable).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(count()).toBe(3);
  });

  it('recovers from a network error', async () => {
    let calls = 0;
    server.use(onBulkUpdate(() => (++calls === 1 ? HttpResponse.error() : bulkOk())));
    await expect(
      makeClient({ retry: { retries: 2, minDelayMs: 0 } }).bulkUpdate([user('u-1')]),
    ).resolves.toMatchObject({ successCount: 1 });
    expect(count()).toBe(2);
  });

  it('logs each retry at debug level with the wait chosen', async () => {
    server.use(onBulkUpdate(() => iterableError(503, 'GenericError', 'try again later')));
    const logger = recordingLogger();
    await rejectionOf(makeClient({ retry: { retries: 2, minDelayMs: 0 }, logger }).bulkUpdate([user('u-1')]));
    const retries = logger.lines.filter((line) => line.startsWith('debug: retrying'));
    expect(retries).toEqual([
      'debug: retrying POST /api/users/bulkUpdate in 0 ms: POST /api/users/bulkUpdate failed with HTTP 503 GenericError: try again later',
      'debug: retrying POST /api/users/bulkUpdate in 0 ms: POST /api/users/bulkUpdate failed with HTTP 503 GenericError: try again later',
    ]);
  });

  it('fails at once, sending nothing, when the rate limiter cannot reach Redis', async () => {
    let acquires = 0;
    const limiter: RateLimiter = {
      acquire: async () => {
        acquires += 1;
        throw new RedisRateLimiterError('Redis rate limiter: Redis did not answer within 100 ms', 'p:k');
      },
    };
    const logger = recordingLogger();
    const error = await rejectionOf(
      makeClient({ rateLimit: limiter, retry: { retries: 5, minDelayMs: 0 }, logger }).bulkUpdate([
        user('u-1'),
      ]),
    );
    expect(error).toBeInstanceOf(RedisRateLimiterError);
    expect(acquires).toBe(1);
    expect(count()).toBe(0);
    expect(logger.lines.filter((line) => line.startsWith('debug: retrying'))).toEqual([]);
  });

  it('tells the rate limiter about a 429, with the wait chosen', async () => {
    const penalties: number[] = [];
    const limiter: RateLimiter = {
      acquire: async () => {},
      penalize: (ms) => {
        penalties.push(ms);
      },
    };
    let calls = 0;
    server.use(
      onBulkUpdate(() =>
        ++calls === 1
          ? new HttpResponse('busy', { status: 429, headers: { 'retry-after-ms': '0' } })
          : bulkOk(),
      ),
    );
    await makeClient({ rateLimit: limiter, retry: 1 }).bulkUpdate([user('u-1')]);
    expect(penalties).toEqual([0]);
  });
});

describe('timing (fake clock)', () => {
  /** Answers bulkUpdate with `answer(n)` for the n-th request (from 1) and records when each came. */
  function scripted(answer: (n: number) => Response): number[] {
    const times: number[] = [];
    server.use(
      onBulkUpdate(() => {
        times.push(Date.now());
        return answer(times.length);
      }),
    );
    return times;
  }

  const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] as number));

  it('waits the Retry-After seconds exactly', async () => {
    useFakeTimers();
    scripted((n) =>
      n === 1 ? new HttpResponse('busy', { status: 429, headers: { 'retry-after': '3' } }) : bulkOk(),
    );
    const outcome = makeClient({ retry: 3 }).bulkUpdate([user('u-1')]);
    await vi.advanceTimersByTimeAsync(2999);
    expect(count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count()).toBe(2);
    await expect(outcome).resolves.toMatchObject({ successCount: 1 });
  });

  it('waits until a Retry-After HTTP date', async () => {
    useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 29, 1, 40, 0));
    scripted((n) =>
      n === 1
        ? new HttpResponse(null, { status: 503, headers: { 'retry-after': 'Sun, 29 Nov 2026 01:40:05 GMT' } })
        : bulkOk(),
    );
    const outcome = makeClient({ retry: 3 }).bulkUpdate([user('u-1')]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count()).toBe(2);
    await outcome;
  });

  it('waits retry-after-ms, which wins over Retry-After', async () => {
    useFakeTimers();
    const times = scripted((n) =>
      n === 1
        ? new HttpResponse('busy', {
            status: 429,
            headers: { 'retry-after-ms': '1500', 'retry-after': '30' },
          })
        : bulkOk(),
    );
    const outcome = makeClient({ retry: 3 }).bulkUpdate([user('u-1')]);
    await vi.advanceTimersByTimeAsync(1500);
    await outcome;
    expect(gaps(times)).toEqual([1500]);
  });

  it('cuts a long hint to maxRetryAfterMs', async () => {
    useFakeTimers();
    const times = scripted((n) =>
      n === 1 ? new HttpResponse('busy', { status: 429, headers: { 'retry-after': '3600' } }) : bulkOk(),
    );
    const outcome = makeClient({ retry: { retries: 3, maxRetryAfterMs: 2000 } }).bulkUpdate([user('u-1')]);
    await vi.advanceTimersByTimeAsync(2000);
    await outcome;
    expect(gaps(times)).toEqual([2000]);
  });

  it.each([['soon'], ['-5'], ['1.5.2']])(
    'falls back to its own backoff when Retry-After is %j',
    async (value) => {
      useFakeTimers();
      const times = scripted((n) =>
        n === 1 ? new HttpResponse('busy', { status: 429, headers: { 'retry-after': value } }) : bulkOk(),
      );
      const outcome = makeClient({ retry: { retries: 3, minDelayMs: 1000 } }).bulkUpdate([user('u-1')]);
      await vi.advanceTimersByTimeAsync(499);
      expect(count()).toBe(1);
      await vi.advanceTimersByTimeAsync(501);
      await outcome;
      const [gap] = gaps(times);
      expect(gap).toBeGreaterThanOrEqual(500);
      expect(gap).toBeLessThanOrEqual(1000);
    },
  );

  it('backs off exponentially with jitter, capped at maxDelayMs', async () => {
    useFakeTimers();
    const times = scripted(() => iterableError(503, 'GenericError', 'try again later'));
    const outcome = rejectionOf(
      makeClient({ retry: { retries: 5, minDelayMs: 1000, factor: 2, maxDelayMs: 4000 } }).bulkUpdate([
        user('u-1'),
      ]),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    await outcome;
    const steps = [1000, 2000, 4000, 4000, 4000];
    const measured = gaps(times);
    expect(measured).toHaveLength(steps.length);
    measured.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(gap).toBeLessThanOrEqual(steps[i]!);
    });
  });

  it('does not add jitter to a server-given delay', async () => {
    useFakeTimers();
    const times = scripted(() => new HttpResponse('busy', { status: 429, headers: { 'retry-after': '2' } }));
    const outcome = rejectionOf(makeClient({ retry: 3 }).bulkUpdate([user('u-1')]));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toBeInstanceOf(IterableRateLimitError);
    expect(gaps(times)).toEqual([2000, 2000, 2000]);
  });

  it('stops retrying when the signal aborts during the wait', async () => {
    useFakeTimers();
    scripted(() => iterableError(500, 'GenericError', 'try again later'));
    const controller = new AbortController();
    const outcome = rejectionOf(
      makeClient({ retry: { retries: 5, minDelayMs: 1000 } }).bulkUpdate([user('u-1')], {
        signal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('stop'));
    expect(await outcome).toEqual(new Error('stop'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(count()).toBe(1);
  });
});
