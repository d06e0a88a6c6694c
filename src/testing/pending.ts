/**
 * Waits a transport adapter holds for a request (injected latency, hung requests), all of which
 * end at once when the stand-in closes, so no timer keeps the process alive after `close()`.
 */
export class PendingWaits {
  readonly #releases = new Set<() => void>();
  #closed = false;

  /** Resolves `true` after `ms`, or `false` as soon as {@link PendingWaits.releaseAll} runs. */
  delay(ms: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.#releases.delete(release);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.#releases.delete(release);
        resolve(true);
      }, ms);
      this.#releases.add(release);
    });
  }

  /** Resolves when {@link PendingWaits.releaseAll} runs or `signal` aborts, whichever comes first. */
  hold(signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        this.#releases.delete(release);
        signal?.removeEventListener('abort', release);
        resolve();
      };
      signal?.addEventListener('abort', release, { once: true });
      this.#releases.add(release);
    });
  }

  /** Ends every wait now; when `close` is set, later waits end at once too. */
  releaseAll(close = false): void {
    if (close) this.#closed = true;
    for (const release of [...this.#releases]) release();
  }
}
