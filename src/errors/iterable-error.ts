/**
 * Base class of every error this SDK throws on purpose. Catch it to handle any
 * failure that came from talking to Iterable or from the SDK's own checks.
 *
 * No `IterableError` ever carries the API key: not in `message`, not in any
 * property, not in `String(err)`, `JSON.stringify(err)` or `util.inspect(err)`.
 *
 * @example
 * ```ts
 * import {
 *   FieldSetupRequiredError,
 *   IterableAuthError,
 *   IterableClient,
 *   IterableError,
 * } from '@subsets/iterable';
 *
 * const client = new IterableClient();
 * try {
 *   const profiles = [{ userId: 'user-1', churnRisk: 0.27 }];
 *   const report = await client.syncProfiles(profiles);
 *   // A user that was not updated is in the report, never thrown.
 *   for (const failure of report.failures) {
 *     console.log(failure.userId, failure.reason, failure.retryable);
 *   }
 * } catch (error) {
 *   if (error instanceof IterableAuthError) {
 *     console.error(`check the key and the region: ${error.message}`);
 *   } else if (error instanceof FieldSetupRequiredError) {
 *     console.error('run ensureFields once, then sync again');
 *   } else if (error instanceof IterableError && error.retryable) {
 *     console.error(`try again later: ${error.message}`);
 *   } else {
 *     throw error;
 *   }
 * }
 * ```
 * @category Errors
 */
export class IterableError extends Error {
  /**
   * Whether running the same call again later may succeed. Within one request, the client's retry
   * policy repeats only network errors, timeouts and 408, 429, 5xx answers (and a 2xx it could not
   * read); other retryable errors, such as a Redis outage in the rate limiter, end the call at once.
   */
  declare readonly retryable: boolean;

  /**
   * @param message - What went wrong and what to do about it.
   * @param options - `cause` is the underlying error; `retryable` whether a later retry may succeed.
   */
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Every error class declares its fields and assigns them here, after `super`, in the order
    // they are declared: `retryable` comes before `name` among the own properties.
    this.retryable = options.retryable ?? false;
    this.name = 'IterableError';
  }

  /**
   * A plain object for logs and reports: `name`, `message` and every field the error class
   * declares, in the order it declares them; never contains the API key.
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}
