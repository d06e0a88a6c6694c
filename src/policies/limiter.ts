import pLimit from 'p-limit';

/**
 * Runs at most `concurrency` functions at once; `p-limit`'s `LimitFunction` fits. Pass one
 * instance to several clients or syncs to bound their requests together.
 * @category Policies
 */
export interface Limiter {
  /** Runs `fn` when a slot is free; resolves or rejects with its result. */
  <Result>(fn: () => PromiseLike<Result> | Result): Promise<Result>;
  /** How many functions may run at once. */
  readonly concurrency: number;
}

/** A {@link Limiter} from a number (through p-limit), or the limiter itself. */
export function toLimiter(concurrency: number | Limiter): Limiter {
  if (typeof concurrency === 'function') return concurrency;
  return pLimit(concurrency) as unknown as Limiter;
}
