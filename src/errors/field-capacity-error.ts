import { IterableError } from './iterable-error.js';

/**
 * The project has no room for the Subsets fields it is missing. Nothing was written.
 * @category Errors
 */
export class FieldCapacityError extends IterableError {
  /** Number of user fields the project holds now. */
  declare readonly existing: number;
  /** Number of Subsets fields that would have to be created. */
  declare readonly missing: number;
  /** The project's field limit used for the check. */
  declare readonly limit: number;

  /** @param numbers - Fields existing now, Subsets fields missing, and the limit. */
  constructor(numbers: { existing: number; missing: number; limit: number }) {
    super(
      `The Iterable project holds ${numbers.existing} user fields and needs ${numbers.missing} more for Subsets, ` +
        `over its limit of ${numbers.limit}. Nothing was written. Fields cannot be deleted through the API: ` +
        'ask Iterable support to raise the limit or remove unused fields, then run the setup again.',
    );
    this.name = 'FieldCapacityError';
    this.existing = numbers.existing;
    this.missing = numbers.missing;
    this.limit = numbers.limit;
  }
}
