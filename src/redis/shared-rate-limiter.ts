/**
 * The limit `createRedisRateLimiter` returns: `acquire` calls in, starts granted in call order out,
 * each after the spacing key and the per-second counter in Redis both allowed it. How and why are
 * told on `createRedisRateLimiter`.
 */

import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { log } from '../client/log.js';
import { messageOf } from '../errors/message-of.js';
import { createRateLimiter, type RateLimiter } from '../policies/rate-limiter.js';
import { sleep } from '../policies/sleep.js';
import { WaiterQueue } from '../policies/waiter-queue.js';
import type { ResolvedRedisRateLimiterOptions } from './options.js';
import { RedisRateLimiterError } from './redis-rate-limiter-error.js';

/** With `onRedisError: 'local'`, how long the in-memory limit is used before Redis is tried again. */
const RECHECK_MS = 5000;
/** Most random milliseconds added to a wait, so that processes woken by the same expiry do not collide. */
const JITTER_MS = 10;
/** After this long without a start, HTTP keep-alive connections have likely closed: the next start is cold. */
const IDLE_MS = 4000;

/** A Redis command that did not settle within `timeoutMs`. */
class RedisTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`did not answer within ${timeoutMs} ms`);
    this.name = 'RedisTimeout';
  }
}

/** The wait a refusal of the counter asks for, or `undefined` when the error is not a refusal. */
export type RefusalWait = (error: unknown) => number | undefined;

/** A rate limit shared through Redis; see the file's opening sentence. */
export class SharedRateLimiter implements RateLimiter {
  readonly #options: ResolvedRedisRateLimiterOptions;
  readonly #counter: RateLimiterRedis;
  readonly #refusalWait: RefusalWait;
  readonly #counterKey: string;
  readonly #spacingKey: string;
  readonly #spacingMs: number;
  readonly #local: RateLimiter;
  // When the last waiter leaves through an abort, the wait in progress ends and the loop stops.
  readonly #queue = new WaiterQueue(() => this.#idle?.abort());
  #pumping = false;
  #idle: AbortController | undefined;
  /** While `performance.now()` is below this, acquire from the local limit (`onRedisError: 'local'` only). */
  #localUntil = 0;
  /** Whether the fall back to the local limit was announced and its end not yet. */
  #degraded = false;
  /** When this limiter last granted a start (`performance.now()`), or `undefined` before the first. */
  #lastStart: number | undefined;

  constructor(options: ResolvedRedisRateLimiterOptions, counter: RateLimiterRedis, refusalWait: RefusalWait) {
    this.#options = options;
    this.#counter = counter;
    this.#refusalWait = refusalWait;
    this.#counterKey = counter.getKey(options.key);
    this.#spacingKey = `${this.#counterKey}:spacing`;
    this.#spacingMs = Math.ceil((1000 + options.marginMs) / options.requestsPerSecond);
    this.#local = createRateLimiter({
      requestsPerSecond: options.requestsPerSecond,
      marginMs: options.marginMs,
    });
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (performance.now() < this.#localUntil) return this.#local.acquire(signal);
    const turn = this.#queue.join(signal);
    void this.#pump();
    return turn;
  }

  penalize(delayMs: number): void {
    if (!(delayMs > 0)) return;
    this.#local.penalize?.(delayMs);
    // rate-limiter-flexible blocks in whole seconds: round up, never pause for less than asked.
    const seconds = Math.ceil(delayMs / 1000);
    const key = this.#counterKey;
    log(
      this.#options.logger,
      'debug',
      `Redis rate limiter: pausing every process on key ${key} for ${seconds} s`,
      {
        event: 'redis-pause',
        key,
        seconds,
      },
    );
    this.#pauseShared(seconds).catch((error: unknown) => {
      const reason = reasonOf(error);
      log(
        this.#options.logger,
        'warn',
        `Redis rate limiter: could not share a ${Math.round(delayMs)} ms pause through Redis (key ${key}): ` +
          `Redis ${reason}. Only this process pauses.`,
        { event: 'redis-pause-failed', key, delayMs: Math.round(delayMs), reason },
      );
    });
  }

  /** Settles like `promise`, or rejects with a {@link RedisTimeout} once `timeoutMs` has passed. */
  #timed<T>(promise: Promise<T>): Promise<T> {
    const { timeoutMs } = this.#options;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisTimeout(timeoutMs)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** One attempt at the shared limit: `0` when a start is granted, else the milliseconds to wait. */
  async #attempt(): Promise<number> {
    const { redis, key, firstRequestMarginMs } = this.#options;
    const now = performance.now();
    const cold = this.#lastStart === undefined || now - this.#lastStart > IDLE_MS;
    const holdMs = cold ? Math.ceil(this.#spacingMs + firstRequestMarginMs) : this.#spacingMs;
    const set = await this.#timed(redis.set(this.#spacingKey, '1', 'PX', holdMs, 'NX'));
    if (set !== 'OK') {
      const ttl = await this.#timed(redis.pttl(this.#spacingKey));
      if (ttl === -1) {
        // Written without an expiry by something else: give it one, or nobody would start again.
        await this.#timed(redis.pexpire(this.#spacingKey, this.#spacingMs));
        return this.#spacingMs;
      }
      return Math.max(ttl, 1);
    }
    try {
      await this.#timed(this.#counter.consume(key));
      this.#lastStart = performance.now();
      return 0;
    } catch (error) {
      const wait = this.#refusalWait(error);
      if (wait !== undefined) return Math.max(wait, 1);
      throw error;
    }
  }

  /** Rejects every waiter (`'fail'`) or hands them to the in-memory limit (`'local'`). */
  #onFailure(error: unknown): void {
    const reason = reasonOf(error);
    const waiters = this.#queue.drain();
    const { onRedisError, requestsPerSecond } = this.#options;
    if (onRedisError === 'fail') {
      const failure = new RedisRateLimiterError(
        `Redis rate limiter: Redis ${reason} while checking the shared limit (key ${this.#counterKey}), so no ` +
          "bulkUpdate was started (onRedisError: 'fail'). Check that Redis is reachable, or pass " +
          `onRedisError: 'local' to fall back to ${requestsPerSecond} requests/second per process.`,
        this.#counterKey,
        error instanceof RedisTimeout ? undefined : error,
      );
      for (const waiter of waiters) waiter.reject(failure);
      return;
    }
    this.#localUntil = performance.now() + RECHECK_MS;
    this.#announceLocal(reason);
    for (const waiter of waiters) this.#local.acquire(waiter.signal).then(waiter.resolve, waiter.reject);
  }

  /** Says that this process limits itself alone: once as a warning, then at debug level. */
  #announceLocal(reason: string): void {
    const key = this.#counterKey;
    const { logger, requestsPerSecond } = this.#options;
    if (!this.#degraded) {
      this.#degraded = true;
      log(
        logger,
        'warn',
        `Redis rate limiter: Redis ${reason} (key ${key}); falling back to an in-memory limit of ` +
          `${requestsPerSecond} requests/second in this process until Redis answers (onRedisError: 'local'). ` +
          "Processes sharing the project may together exceed Iterable's limit meanwhile and see 429s.",
        { event: 'redis-fallback', key, reason, requestsPerSecond },
      );
      return;
    }
    log(
      logger,
      'debug',
      `Redis rate limiter: Redis still ${reason} (key ${key}); staying on the in-memory limit`,
      {
        event: 'redis-down',
        key,
        reason,
        requestsPerSecond,
      },
    );
  }

  /** Serves the queue, oldest first, until it is empty. Only one runs at a time. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        let waitMs: number;
        try {
          waitMs = await this.#attempt();
        } catch (error) {
          this.#onFailure(error);
          continue;
        }
        if (this.#degraded) this.#announceShared();
        if (waitMs === 0) {
          this.#queue.shift()?.resolve();
          continue;
        }
        this.#idle = new AbortController();
        // Aborted only when the last waiter left: the loop then finds the queue empty and ends.
        await sleep(waitMs + Math.random() * JITTER_MS, this.#idle.signal).catch(() => undefined);
        this.#idle = undefined;
      }
    } catch (error) {
      // Only a throwing logger gets here; do not leave anyone waiting forever.
      for (const waiter of this.#queue.drain()) waiter.reject(error);
    } finally {
      this.#pumping = false;
    }
  }

  /** Says that Redis answers again and the shared limit is back. */
  #announceShared(): void {
    this.#degraded = false;
    const { logger, requestsPerSecond } = this.#options;
    log(
      logger,
      'info',
      `Redis rate limiter: Redis answers again (key ${this.#counterKey}); back to the shared limit`,
      {
        event: 'redis-back',
        key: this.#counterKey,
        requestsPerSecond,
      },
    );
  }

  /** Extends (never shortens) the shared pause to at least `seconds`. */
  async #pauseShared(seconds: number): Promise<void> {
    const { key, requestsPerSecond } = this.#options;
    const current = await this.#timed(this.#counter.get(key));
    if (
      current !== null &&
      current.consumedPoints > requestsPerSecond &&
      current.msBeforeNext >= seconds * 1000
    ) {
      return;
    }
    await this.#timed(this.#counter.block(key, seconds));
  }
}

function reasonOf(error: unknown): string {
  return error instanceof RedisTimeout ? error.message : `failed: ${messageOf(error)}`;
}
