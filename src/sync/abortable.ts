/** Marks a wait that ended because the signal aborted. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * `promise`'s value, or {@link ABORTED} as soon as `signal` aborts. Racing each step against one
 * promise that lives as long as the sync would keep every step's result (each batch) reachable
 * until the sync ends; this leaves nothing behind once it settles.
 */
export function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
