/** Milliseconds one 429 adds to the margin, and the most the margin grows to. */
const WIDEN_STEP_MS = 25;
const WIDEN_MAX_MS = 200;
/** How long a widened margin holds after the last 429 before the configured one returns. */
const WIDEN_HOLD_MS = 10 * 60_000;
/** Lateness of the limiter's own timers that is only timer granularity, not a sign of load. */
const LAG_FLOOR_MS = 2;
/** How fast lateness added to the margin fades: by half in this long. */
const LAG_HALF_LIFE_MS = 10_000;

/** A widening of the margin after a 429, to be told to the logger. */
export interface Widening {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  /** Whether the margin was the configured one before: the first widening of a spell. */
  readonly first: boolean;
}

/**
 * The milliseconds a paced limiter adds to each second: the configured margin, widened by 25 ms
 * per 429 (up to 200 ms, for 10 minutes after the last), plus how late the limiter's own timers
 * fire beyond 2 ms (the worst recent lateness, fading by half every 10 s). On a loaded machine the
 * process that sends and the server that counts are both held up, so requests reach the server
 * with about that much more jitter.
 */
export class PacingMargin {
  readonly #baseMs: number;
  #ms: number;
  #widenedUntil = 0;
  #lagMs = 0;
  #lagSince = 0;

  constructor(baseMs: number) {
    this.#baseMs = baseMs;
    this.#ms = baseMs;
  }

  /** The margin in force at `now`. */
  at(now: number): number {
    this.#expire(now);
    return this.#ms + Math.min(WIDEN_MAX_MS, this.#lagNow(now));
  }

  /** Takes in a timer of the limiter's meant for `due` that fired at `now`. */
  timerFired(due: number, now: number): void {
    const excess = now - due - LAG_FLOOR_MS;
    if (excess > this.#lagNow(now)) {
      this.#lagMs = excess;
      this.#lagSince = now;
    }
  }

  /** Widens the margin after a 429 at `now`; says how, or `undefined` when it is already widest. */
  widen(now: number): Widening | undefined {
    this.#expire(now);
    const fromMs = this.#ms;
    const toMs = Math.max(fromMs, Math.min(WIDEN_MAX_MS, fromMs + WIDEN_STEP_MS));
    this.#widenedUntil = now + WIDEN_HOLD_MS;
    if (toMs === fromMs) return undefined;
    this.#ms = toMs;
    return { fromMs, toMs, stepMs: WIDEN_STEP_MS, first: fromMs === this.#baseMs };
  }

  /** Returns to the configured margin once a widening has held its time. */
  #expire(now: number): void {
    if (this.#ms !== this.#baseMs && now > this.#widenedUntil) this.#ms = this.#baseMs;
  }

  #lagNow(now: number): number {
    return this.#lagMs === 0 ? 0 : this.#lagMs * 0.5 ** ((now - this.#lagSince) / LAG_HALF_LIFE_MS);
  }
}
