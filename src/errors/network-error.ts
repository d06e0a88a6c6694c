import { IterableError } from './iterable-error.js';

/** The request never got an HTTP answer: DNS, connection refused or reset, TLS, or a body cut short. Retryable. */
export class IterableNetworkError extends IterableError {
  /** Method and path of the request. */
  readonly endpoint: string;

  /**
   * @param endpoint - Method and path, for example `POST /api/users/bulkUpdate`.
   * @param cause - The error the transport threw.
   */
  constructor(endpoint: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${endpoint} failed before Iterable answered: ${reason}`, { cause, retryable: true });
    this.name = 'IterableNetworkError';
    this.endpoint = endpoint;
  }
}
