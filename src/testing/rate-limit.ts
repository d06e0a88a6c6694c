import type { FakeIterableEndpoint } from './types.js';

const WINDOW_MS = 1000;

/**
 * At most `limit` requests in any sliding one-second window. Keeps the arrival times of the last
 * `limit` requests it let through in a ring: a request passes when fewer than `limit` passed, or
 * when the oldest of the last `limit` is a full second old. Refused requests leave no trace.
 */
export class SlidingWindow {
  readonly #times: Float64Array;
  #start = 0;
  #count = 0;

  constructor(limit: number) {
    this.#times = new Float64Array(limit);
  }

  /** Lets the request arriving at `now` (milliseconds, monotonic) through, or refuses it. */
  tryAcquire(now: number): boolean {
    const limit = this.#times.length;
    if (this.#count < limit) {
      this.#times[(this.#start + this.#count) % limit] = now;
      this.#count++;
      return true;
    }
    if (now - (this.#times[this.#start] as number) < WINDOW_MS) return false;
    this.#times[this.#start] = now;
    this.#start = (this.#start + 1) % limit;
    return true;
  }

  /** Forgets every request. */
  clear(): void {
    this.#start = 0;
    this.#count = 0;
  }
}

/** One sliding window per endpoint, for one project. */
export class EndpointRateLimits {
  readonly #windows: ReadonlyMap<FakeIterableEndpoint, SlidingWindow>;

  constructor(limits: Readonly<Record<FakeIterableEndpoint, number>>) {
    this.#windows = new Map(
      (Object.keys(limits) as FakeIterableEndpoint[]).map((endpoint) => [
        endpoint,
        new SlidingWindow(limits[endpoint]),
      ]),
    );
  }

  /** Whether a request to `endpoint` arriving at `now` is let through (and then counted). */
  tryAcquire(endpoint: FakeIterableEndpoint, now: number): boolean {
    return this.#windows.get(endpoint)?.tryAcquire(now) ?? true;
  }

  /** Forgets every request. */
  clear(): void {
    for (const window of this.#windows.values()) window.clear();
  }
}
