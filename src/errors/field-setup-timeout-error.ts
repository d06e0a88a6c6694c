import { IterableError } from './iterable-error.js';

/**
 * `ensureFields` wrote the placeholders that create the missing Subsets fields, but Iterable did not
 * list them all in `getFields` within the wait. Iterable creates fields asynchronously, so they
 * usually appear a little later: running `ensureFields` again is safe and writes nothing for the
 * fields that have appeared. `retryable` is `true` for that reason; nothing repeats the call for you.
 * @category Errors
 */
export class FieldSetupTimeoutError extends IterableError {
  /** The fields that had not appeared when the wait ended. */
  declare readonly pending: readonly string[];
  /** How long `ensureFields` waited for them, in milliseconds. */
  declare readonly timeoutMs: number;

  /**
   * @param pending - The fields that have not appeared.
   * @param timeoutMs - How long the wait lasted, in milliseconds.
   */
  constructor(pending: readonly string[], timeoutMs: number) {
    super(
      `Iterable has not listed the new Subsets field(s) ${pending.join(', ')} within ${timeoutMs} ms of the ` +
        'write that creates them. Iterable creates fields asynchronously: run ensureFields again in a minute ' +
        '(it is safe to repeat). If they still do not appear, check that the setup user exists and that ' +
        "the API key may write users, and look for the fields in the project's data field settings.",
      { retryable: true },
    );
    this.name = 'FieldSetupTimeoutError';
    this.pending = pending;
    this.timeoutMs = timeoutMs;
  }
}
