import { IterableError } from './iterable-error.js';

/**
 * A sync was about to write `subsetsExperimentAddedAt` to a project that does not have the field
 * yet. Iterable would create it from the first value, an ISO-8601 timestamp, with type `date`, and a
 * field's type can never change. Nothing was written for the profiles that carry it: run
 * `ensureFields` once (it creates the fields as `string`), then sync again.
 * @category Errors
 */
export class FieldSetupRequiredError extends IterableError {
  /** The Subsets fields the project does not have. */
  declare readonly missing: readonly string[];

  /** @param missing - The Subsets fields the project does not have. */
  constructor(missing: readonly string[]) {
    super(
      `The Iterable project has no ${missing.join(', ')} field yet. Writing a timestamp to it now would make ` +
        'Iterable create it with type date, for good. Run client.ensureFields({ setupUserId }) or ' +
        '`subsets-iterable fields --ensure --setup-user-id ID` once, then sync again.',
    );
    this.name = 'FieldSetupRequiredError';
    this.missing = missing;
  }
}
