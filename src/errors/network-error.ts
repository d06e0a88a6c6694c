import { IterableError } from './iterable-error.js';

/**
 * The request never got an HTTP answer: DNS, connection refused or reset, TLS, or a body cut short. Retryable.
 * @category Errors
 */
export class IterableNetworkError extends IterableError {
  /** Method and path of the request. */
  declare readonly endpoint: string;

  /**
   * @param endpoint - Method and path, for example `POST /api/users/bulkUpdate`.
   * @param cause - The error the transport threw.
   */
  constructor(endpoint: string, cause: unknown) {
    super(`${endpoint} failed before Iterable answered: ${describeCause(cause)}`, { cause, retryable: true });
    this.name = 'IterableNetworkError';
    this.endpoint = endpoint;
  }
}

/** The error's message with its root cause, since fetch reports only "fetch failed" at the top. */
function describeCause(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(
        typeof code === 'string' && !current.message.includes(code)
          ? `${current.message} (${code})`
          : current.message,
      );
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.filter((part, i) => part && parts.indexOf(part) === i).join(': ') || 'unknown error';
}
