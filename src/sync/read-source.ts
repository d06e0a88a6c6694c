/**
 * Source stage: an `Iterable` or `AsyncIterable` in, each item handed in order to `take`; when
 * `take` returns a promise (the pipeline has work to wait for), it is awaited before the next item
 * is read, so the source is read no faster than the sync sends. Stops when `signal` aborts.
 */

import { ABORTED, untilAborted } from './abortable.js';

/** Takes one item; returns a promise only when the next item must wait. */
export type Take = (raw: unknown) => void | Promise<void>;

/** Every this many items (a power of two, less one), timers and sockets get a turn. */
const YIELD_EVERY = 255;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === 'function';

/** Checks that `source` can be read by {@link readSource}. */
export function assertSource(source: unknown): asserts source is Iterable<unknown> | AsyncIterable<unknown> {
  if (
    source === null ||
    typeof source !== 'object' ||
    !(Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    throw new TypeError('source must be an Iterable or AsyncIterable of profiles');
  }
}

/** Reads `source` to its end, or until `signal` aborts; see the file's opening sentence. */
export async function readSource(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  signal: AbortSignal,
  take: Take,
): Promise<void> {
  let count = 0;
  // Let timers and sockets run between slices of the source, so that building a batch never
  // delays a request the rate limiter has just let go.
  const feed = (raw: unknown): void | Promise<void> => {
    count += 1;
    return (count & YIELD_EVERY) === 0 ? yieldToEventLoop().then(() => take(raw)) : take(raw);
  };
  if (Symbol.asyncIterator in source) {
    const iterator = source[Symbol.asyncIterator]();
    try {
      while (!signal.aborted) {
        // Raced against the signal: a source that hangs must not hold an aborted sync.
        const next = await untilAborted(iterator.next(), signal);
        if (next === ABORTED || next.done) break;
        const wait = feed(next.value);
        if (wait !== undefined) await wait;
      }
    } finally {
      if (signal.aborted) void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
    return;
  }
  // A plain loop: `for await` would cost a promise and a microtask turn per profile. Like
  // `for await`, it still waits for an item given as a promise.
  for (const item of source) {
    if (signal.aborted) break;
    const wait = feed(isPromiseLike(item) ? await item : item);
    if (wait !== undefined) await wait;
  }
}
