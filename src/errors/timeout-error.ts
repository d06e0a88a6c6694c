import { IterableError } from './iterable-error.js';

/**
 * A request took longer than the client's `timeout`. Retryable.
 * @category Errors
 */
export class IterableTimeoutError extends IterableError {
  /** Method and path of the request. */
  declare readonly endpoint: string;
  /** The timeout that was exceeded, in milliseconds. */
  declare readonly timeoutMs: number;

  /**
   * @param endpoint - Method and path of the request.
   * @param timeoutMs - The timeout that was exceeded, in milliseconds.
   */
  constructor(endpoint: string, timeoutMs: number) {
    super(`${endpoint} timed out after ${timeoutMs} ms (the client's timeout option).`, { retryable: true });
    this.name = 'IterableTimeoutError';
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }
}
