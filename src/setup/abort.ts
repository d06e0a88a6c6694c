/**
 * Throws `signal.reason` when `signal` has aborted, so that an abort rejects instead of being
 * reported as a failed step; otherwise returns and the caller handles the error it caught.
 */
export function rethrowIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}
