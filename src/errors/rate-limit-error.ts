import { IterableApiError, type IterableApiErrorInit } from './api-error.js';

/**
 * Iterable answered 429: the project's rate limit for this endpoint was exceeded.
 * Always retryable; `retryAfterMs` holds the server's hint when it sent one (Iterable usually sends none).
 * @category Errors
 */
export class IterableRateLimitError extends IterableApiError {
  /** @param init - The answer's details and the server's delay hint. */
  constructor(init: Omit<IterableApiErrorInit, 'retryable' | 'status'>) {
    super({
      ...init,
      status: 429,
      retryable: true,
      message:
        `${init.endpoint} was rate limited by Iterable (HTTP 429). ` +
        'Slow down: bulkUpdate allows 5 requests/second and getFields 3 requests/second per project.',
    });
    this.name = 'IterableRateLimitError';
  }
}
