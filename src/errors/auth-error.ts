import { IterableApiError, type IterableApiErrorInit } from './api-error.js';

/**
 * Iterable answered 401 or 403: the API key is wrong, lacks server-side permissions, or belongs to
 * the other data center (a key works only in its own project's region). Never retryable: a sync
 * stops at the first one.
 * @category Errors
 */
export class IterableAuthError extends IterableApiError {
  /** @param init - The answer's details; `status` is 401 or 403. */
  constructor(init: Omit<IterableApiErrorInit, 'retryable'>) {
    super({ ...init, retryable: false });
    this.name = 'IterableAuthError';
  }
}
